package org.astronrpa.openapi.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** REST calls against a started service, as one user (the gateway's {@code X-User-Id}). */
final class E2eHttp {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final String base;

    E2eHttp(HttpClient client, int port) {
        this.client = client;
        this.base = "http://127.0.0.1:" + port;
    }

    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        /** {@code data.execution} of an execution answer. */
        JsonNode execution() {
            return json().path("data").path("execution");
        }

        Answer expect(int expected) {
            assertEquals(expected, status, body);
            return this;
        }
    }

    Answer send(String user, String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("X-User-Id", user)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates (or updates) a workflow without a parameter schema. */
    void upsertWorkflow(String user, String projectId) {
        Answer answer = send(user, "POST", "/workflows/upsert",
                "{\"project_id\": \"" + projectId + "\", \"name\": \"e2e " + projectId + "\"}");
        if (answer.status() != 200 && answer.status() != 201) {
            throw new AssertionError("upsert of " + projectId + " answered " + answer.status() + ": " + answer.body());
        }
    }

    /** {@code POST /executions[?wait=N]} with {@code params} (JSON text) and optional extra members. */
    Answer start(String user, String projectId, String paramsJson, Integer waitSeconds, String extraMembers,
                 String... headers) {
        String body = "{\"project_id\": \"" + projectId + "\", \"params\": " + paramsJson
                + (extraMembers == null ? "" : ", " + extraMembers) + "}";
        return send(user, "POST", "/executions" + (waitSeconds == null ? "" : "?wait=" + waitSeconds), body, headers);
    }

    /** {@code GET /executions/{id}[?wait=N]}, expected to answer 200; returns the execution. */
    JsonNode execution(String user, String id, int waitSeconds) {
        return send(user, "GET", "/executions/" + id + (waitSeconds > 0 ? "?wait=" + waitSeconds : ""), null)
                .expect(200).execution();
    }

    Answer cancel(String user, String id) {
        return send(user, "POST", "/executions/" + id + "/cancel", null);
    }
}
