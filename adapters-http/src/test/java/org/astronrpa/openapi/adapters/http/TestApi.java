package org.astronrpa.openapi.adapters.http;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.astronrpa.openapi.adapters.schema.NetworkntParameterValidator;
import org.astronrpa.openapi.adapters.schema.NetworkntSchemaChecker;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.assembly.Ports;
import org.astronrpa.openapi.application.assembly.UseCaseGraph;
import org.astronrpa.openapi.application.auth.AuthPolicy;
import org.astronrpa.openapi.application.dispatch.DeadlineSweeper;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.application.events.PublishingDomainEvents;
import org.astronrpa.openapi.application.memory.InMemoryPorts;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.shared.DependencyProbe;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The HTTP server on a free port over in-memory adapters and the real schema checker, with a small client.
 * Each test class starts its own; requests go through real sockets.
 */
final class TestApi implements AutoCloseable {
    static final ObjectMapper JSON = HttpServer.objectMapper();

    /** What a request got back. */
    record Answer(int status, HttpResponse<String> raw) {
        JsonNode json() {
            return JSON.readTree(raw.body());
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    static final Duration DISPATCH_TIMEOUT = Duration.ofSeconds(60);
    private final CreateApiKey createApiKey;
    private final HttpServer server;
    final FlakyExecutionRepository executions;
    final InProcessExecutionEvents events;
    final RobotRegistry robots;
    final DeadlineSweeper sweeper;
    final SlowLogStore logs = new SlowLogStore();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<String> revoked = new ArrayList<>();
    volatile boolean databaseUp = true;

    TestApi() {
        this(new AuthPolicy(true, null));
    }

    TestApi(AuthPolicy policy) {
        this(policy, Duration.ofSeconds(10), WsQueueSettings.DEFAULTS);
    }

    /** @param bodyTimeout how long a request body may stop arriving before it is refused (HTTP_BODY_TIMEOUT_SECONDS) */
    TestApi(AuthPolicy policy, Duration bodyTimeout) {
        this(policy, bodyTimeout, WsQueueSettings.DEFAULTS);
    }

    /** A server whose WebSocket queues are bounded by {@code queues}. */
    TestApi(WsQueueSettings queues) {
        this(new AuthPolicy(true, null), Duration.ofSeconds(10), queues);
    }

    private TestApi(AuthPolicy policy, Duration bodyTimeout, WsQueueSettings queues) {
        var time = (org.astronrpa.openapi.domain.shared.TimeSource) () -> Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DependencyProbe database = new DependencyProbe() {
            public String name() {
                return "database";
            }

            public boolean required() {
                return true;
            }

            public boolean isUp() {
                return databaseUp;
            }
        };
        events = new InProcessExecutionEvents();
        var domainEvents = new PublishingDomainEvents(events).consume(event -> {
            if (event instanceof ApiKeyEvent.Revoked key) {
                revoked.add(key.keyId());
                keyRevoked(key.keyId());
            } else if (event instanceof ApiKeyEvent.Changed key) {
                keyChanged(key.keyId());
            }
        });
        executions = new FlakyExecutionRepository();
        var cluster = org.astronrpa.openapi.application.assembly.ClusterPorts.singleInstance("single", time);
        domainEvents.consume(PublishingDomainEvents.toRobotFeed(cluster.robotChanges()));
        Ports ports = InMemoryPorts.builder(time, () -> UUID.randomUUID().toString())
                .executions(executions)
                .executionLogs(logs)
                .events(domainEvents, events)
                .cluster(cluster)
                .parameterChecks(new NetworkntSchemaChecker(), new NetworkntParameterValidator(),
                        new NetworkntParameterValidator())
                .contract(new org.astronrpa.openapi.application.memory.InMemoryIdempotencyStore(),
                        new org.astronrpa.openapi.adapters.schema.StrictContractJson())
                .random(new SecureRandom()::nextBytes)
                .hasher(ApiKeyHasher.withPepper("http test pepper 0123456789"))
                .probes(List.of(database))
                .webhooks(webhooks())
                .build();
        UseCaseGraph useCases = UseCaseGraph.build(ports, UseCaseGraph.Settings.builder()
                .auth(policy)
                .executionTimeout(new ExecutionTimeout(3600))
                .dispatchTimeout(DISPATCH_TIMEOUT)
                .disabledDependencies(List.of("redis"))
                .build());
        createApiKey = useCases.createApiKey();
        robots = useCases.robots();
        sweeper = useCases.deadlineSweeper();
        server = HttpServer.serving(useCases, new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(5),
                        Duration.ofSeconds(30), bodyTimeout, queues, List.of()),
                new SimpleMeterRegistry(), names -> "# metrics" + (names.isEmpty() ? "" : " " + String.join(",", names)) + "\n",
                List.of()).start();
    }

    /** In memory, with the bodies the service sends; nothing leaves the process (every request is refused). */
    private static org.astronrpa.openapi.application.assembly.WebhookPorts webhooks() {
        var deliveries = new org.astronrpa.openapi.application.memory.InMemoryDeliveryRepository();
        return new org.astronrpa.openapi.application.assembly.WebhookPorts(
                new org.astronrpa.openapi.application.memory.InMemoryWebhookRepository(deliveries), deliveries,
                new org.astronrpa.openapi.application.memory.InMemoryCallbackSecretStore(),
                InMemoryPorts.NO_TRANSPORT, new JsonWebhookBodies());
    }

    /** As the composition root feeds the server from the key revocation feed. */
    private void keyRevoked(String keyId) {
        server.keyRevoked(keyId);
    }

    private void keyChanged(String keyId) {
        server.keyChanged(keyId);
    }

    List<String> routes() {
        return server.routes();
    }

    int port() {
        return server.port();
    }

    int robotFramesQueued() {
        return server.robotFramesQueued();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.timeout(Duration.ofSeconds(20)).build();
            HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
            // every answer of every HTTP test must be what openapi.json documents for it
            OpenApiContract.INSTANCE.check(built.method(), built.uri().getRawPath(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    Answer get(String path, String... headers) {
        return send(request("GET", path, null, headers));
    }

    Answer post(String path, String body, String... headers) {
        return send(request("POST", path, body, headers));
    }

    Answer patch(String path, String body, String... headers) {
        return send(request("PATCH", path, body, headers));
    }

    Answer delete(String path, String... headers) {
        return send(request("DELETE", path, null, headers));
    }

    /** Headers of a gateway-authenticated user. */
    static String[] as(String user) {
        return new String[] {"X-User-Id", user};
    }

    /** Issues a key to {@code user} through the use case, bypassing HTTP (for servers that trust no header). */
    String mintKeyDirectly(String user) {
        return createApiKey.create(new org.astronrpa.openapi.application.apikey.CreateApiKeyCommand(
                new org.astronrpa.openapi.domain.shared.UserId(user),
                new org.astronrpa.openapi.domain.apikey.ApiKeyName("direct"), null,
                org.astronrpa.openapi.domain.apikey.KeyGrant.FULL)).secret().reveal();
    }

    /** Every scope, as a JSON array. */
    static final String ALL_SCOPES = java.util.Arrays.stream(org.astronrpa.openapi.domain.apikey.Scope.values())
            .map(scope -> "\"" + scope.wire() + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));

    /** Issues a key with every scope to {@code user} through the API and returns the secret. */
    String keyFor(String user) {
        return keyFor(user, "{\"name\":\"test\",\"scopes\":" + ALL_SCOPES + "}");
    }

    /** Issues a key to {@code user} through the API, created with {@code body}, and returns the secret. */
    String keyFor(String user, String body) {
        return post("/api-keys", body, as(user)).json().get("data").get("api_key").stringValue();
    }

    @Override
    public void close() {
        server.stop();
    }
}
