package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.ErrorEnvelopeHttpTest.assertProblem;
import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Requests refused below Javalin still get the envelope, and one answer names every bad field. */
class HttpLayerErrorsHttpTest {
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** Sends raw bytes, as no well-behaved client would, and returns the raw answer. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/workflows/%ZZ", "/workflows/a%00b", "/%2e%2e/%2e%2e/etc/passwd"})
    void aMalformedUriIsA400InTheEnvelopeWithARequestId(String target) throws Exception {
        String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nX-User-Id: u\r\nConnection: close\r\n\r\n");
        String statusLine = answer.lines().findFirst().orElse("");
        assertTrue(statusLine.matches("HTTP/1.1 4\\d\\d .*"), statusLine);
        assertTrue(answer.toLowerCase().contains("x-request-id:"), answer);
        assertTrue(answer.contains("\"code\":\"5001\""), answer);
        assertTrue(answer.contains("\"request_id\":"), answer);
    }

    /** Each kind of request Jetty refuses before routing, with the status it gets, sent with each method. */
    static Stream<Arguments> refusalsForEveryMethod() {
        String[][] kinds = {
            {"400", "%s /workflows/%%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"},
            {"400", "%s /workflows HTTP/1.1\r\nHost: localhost\r\nBad Header: y\r\nConnection: close\r\n\r\n"},
            {"400", "%s /workflows HTTP/1.1\r\nConnection: close\r\n\r\n"},
            {"414", "%s /workflows/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"},
            {"431", "%s /workflows HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                    + "\r\nConnection: close\r\n\r\n"},
            {"426", "%s /workflows HTTP/2.0\r\nHost: localhost\r\nConnection: close\r\n\r\n"},
            {"505", "%s /workflows HTTP/1.7\r\nHost: localhost\r\nConnection: close\r\n\r\n"},
        };
        return Stream.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE").flatMap(method ->
                Stream.of(kinds).map(kind -> Arguments.of(method, Integer.parseInt(kind[0]), String.format(kind[1], method))));
    }

    @ParameterizedTest(name = "{0} refused with {1}")
    @MethodSource("refusalsForEveryMethod")
    void everyMethodRefusedByTheHttpLayerGetsTheEnvelopeAndARequestId(String method, int status, String request)
            throws Exception {
        String answer = raw(request);
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), method + ": " + answer.substring(0, Math.min(300, answer.length())));
        String requestId = answer.lines().filter(line -> line.toLowerCase().startsWith("x-request-id:"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse(null);
        assertTrue(requestId != null && !requestId.isEmpty(), method + " answer has no X-Request-ID: " + answer);
        String text = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        OpenApiContract.INSTANCE.checkError(text);
        if (OpenApiContract.INSTANCE.operations().contains(method + " /workflows")) {
            OpenApiContract.INSTANCE.check(method, "/workflows", status, "application/json", text);
        }
        JsonNode body = TestApi.JSON.readTree(text);
        assertEquals("5001", body.get("code").asString(), answer);
        assertEquals(requestId, body.get("request_id").asString(), answer);
        assertEquals("bad_request", body.at("/error/type").asString(), "the client's fault, not ours: " + answer);
        assertTrue(answer.lines().anyMatch(line -> line.equalsIgnoreCase("Connection: close")), "not told to reconnect: " + answer);
    }

    /**
     * Jetty closes the connection after refusing a malformed URI; a client that was not told so sends its next
     * request into the closed connection and gets no answer (found by the fuzz test).
     */
    @ParameterizedTest
    @ValueSource(strings = {"/api-keys/8%00x", "/workflows/%ZZ", "/x/../../y"})
    void aRefusedKeptAliveRequestIsToldThatTheConnectionCloses(String target) throws Exception {
        String answer = raw("DELETE " + target + " HTTP/1.1\r\nHost: localhost\r\nX-User-Id: u\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.lines().anyMatch(line -> line.equalsIgnoreCase("Connection: close")), answer);
    }

    @Test
    void oversizedHeadersAreRefusedInTheEnvelope() throws Exception {
        String answer = raw("GET /workflows HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 431"), answer.lines().findFirst().orElse(""));
        assertTrue(answer.contains("\"code\":\"5001\""), answer);
    }

    @Test
    void aWrongTypeAndABadValueAreNamedTogether() {
        JsonNode body = assertProblem(api.post("/workflows/upsert", "{\"project_id\":\"p\",\"name\":5,\"version\":\"\"}",
                as("alice")), 422, "validation", "name", "version");
        assertEquals(2, body.at("/error/fields").size(), body.toString());
    }

    @Test
    void aWrongTypedProjectIdIsNamedOnceNotAlsoAsMissing() {
        JsonNode body = assertProblem(api.post("/workflows/upsert", "{\"project_id\":[1],\"name\":\"x\"}", as("alice")),
                422, "validation", "project_id");
        List<String> fields = new ArrayList<>();
        body.at("/error/fields").forEach(field -> fields.add(field.get("field").asString()));
        assertEquals(List.of("project_id"), fields);
    }

    @Test
    void aBadExpiryTypeAndAnEmptyKeyNameAreNamedTogether() {
        assertProblem(api.post("/api-keys", "{\"name\":\"\",\"expires_at\":5}", as("alice")), 422, "validation",
                "name", "expires_at");
    }

    @Test
    void aPageNumberOutOfRangeAndAnUnparseablePageSizeAreNamedTogether() {
        assertProblem(api.get("/workflows?pageNo=0&pageSize=ten", as("alice")), 422, "validation", "pageNo", "pageSize");
    }

    @Test
    void aRequestRefusedWhileTheServerStopsIs503UnavailableInTheEnvelope() {
        var fields = org.eclipse.jetty.http.HttpFields.build();
        java.nio.ByteBuffer body = new JettyErrors(TestApi.JSON).badMessageError(503, "Service Unavailable", fields);
        var problem = TestApi.JSON.readTree(StandardCharsets.UTF_8.decode(body).toString());
        assertEquals("unavailable", problem.at("/error/type").asString(), problem.toString());
        assertEquals("5001", problem.get("code").asString());
        assertTrue(fields.contains(RequestIds.HEADER), "the answer names its request id");
    }
}
