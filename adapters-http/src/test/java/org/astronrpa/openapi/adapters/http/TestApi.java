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
import org.astronrpa.openapi.application.dispatch.DeadlineSweeper;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.events.ExecutionWaiter;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.application.execution.CancelExecution;
import org.astronrpa.openapi.application.execution.AwaitExecution;
import org.astronrpa.openapi.application.execution.GetExecution;
import org.astronrpa.openapi.application.execution.ListExecutions;
import org.astronrpa.openapi.application.execution.ReadExecutionLogs;
import org.astronrpa.openapi.application.execution.StartExecution;
import org.astronrpa.openapi.application.robot.AppendRobotLog;
import org.astronrpa.openapi.application.robot.ConnectRobot;
import org.astronrpa.openapi.application.robot.DisconnectRobot;
import org.astronrpa.openapi.application.robot.HandleRobotReply;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.apikey.ListApiKeys;
import org.astronrpa.openapi.application.apikey.RevokeApiKey;
import org.astronrpa.openapi.application.auth.AuthPolicy;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.memory.InMemoryApiKeyStore;
import org.astronrpa.openapi.application.memory.InMemoryWorkflowRepository;
import org.astronrpa.openapi.application.ops.CheckHealth;
import org.astronrpa.openapi.application.workflow.DeleteWorkflow;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.application.workflow.UpsertWorkflow;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
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
        var workflows = new InMemoryWorkflowRepository();
        var keys = new InMemoryApiKeyStore();
        var hasher = ApiKeyHasher.withPepper("http test pepper 0123456789");
        var random = new SecureRandom();
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
        org.astronrpa.openapi.domain.shared.IdGenerator ids = () -> UUID.randomUUID().toString();
        events = new InProcessExecutionEvents();
        var domainEvents = new org.astronrpa.openapi.application.events.PublishingDomainEvents(events).consume(event -> {
            if (event instanceof org.astronrpa.openapi.domain.apikey.ApiKeyEvent.Revoked key) {
                revoked.add(key.keyId());
                keyRevoked(key.keyId());
            }
        });
        this.createApiKey = new CreateApiKey(keys, hasher, random::nextBytes, domainEvents, ids, time);
        UseCases useCases = new UseCases(
                new AuthenticateCaller(policy, keys, hasher, time),
                new UpsertWorkflow(workflows, new NetworkntSchemaChecker(), domainEvents, ids, time),
                new GetWorkflow(workflows), new ListWorkflows(workflows),
                new DeleteWorkflow(workflows, domainEvents, ids, time),
                createApiKey,
                new ListApiKeys(keys, time),
                new RevokeApiKey(keys, domainEvents, ids, time),
                new CheckHealth(List.of(database), List.of("redis")));
        executions = new FlakyExecutionRepository();
        robots = new RobotRegistry();
        var changes = new org.astronrpa.openapi.application.change.ExecutionChanges(executions,
                org.astronrpa.openapi.domain.shared.Transactions.NONE, domainEvents, ids, time);
        var dispatcher = new Dispatcher(executions, changes, robots, () -> UUID.randomUUID().toString(), time);
        sweeper = new DeadlineSweeper(executions, changes, dispatcher, time, DISPATCH_TIMEOUT);
        ExecutionWaiter waiter = new ExecutionWaiter(executions, events);
        ExecutionUseCases executionUseCases = new ExecutionUseCases(
                new StartExecution(workflows, executions, changes,
                        new org.astronrpa.openapi.application.memory.InMemoryIdempotencyStore(),
                        new NetworkntParameterValidator(), dispatcher,
                        () -> UUID.randomUUID().toString(), time,
                        new StartExecution.Settings(new ExecutionTimeout(3600), DISPATCH_TIMEOUT)),
                new GetExecution(executions, waiter),
                new AwaitExecution(waiter),
                new ListExecutions(executions),
                new CancelExecution(executions, changes, dispatcher),
                new ReadExecutionLogs(executions, logs),
                robots,
                new ConnectRobot(robots, dispatcher, executions),
                new DisconnectRobot(robots),
                new HandleRobotReply(executions, changes, dispatcher),
                new AppendRobotLog(executions, logs, events, time),
                events);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        server = new HttpServer(new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofSeconds(30), bodyTimeout,
                queues, List.of()), useCases,
                executionUseCases, registry, () -> "# metrics\n", List.of()).start();
    }

    /** As the composition root feeds the server from the key revocation feed. */
    private void keyRevoked(String keyId) {
        server.keyRevoked(keyId);
    }

    List<String> routes() {
        return server.routes();
    }

    int port() {
        return server.port();
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
                new org.astronrpa.openapi.domain.apikey.ApiKeyName("direct"), null)).secret().reveal();
    }

    /** Issues a key to {@code user} through the API and returns the secret. */
    String keyFor(String user) {
        return post("/api-keys", "{\"name\":\"test\"}", as(user)).json().get("data").get("api_key").stringValue();
    }

    @Override
    public void close() {
        server.stop();
    }
}
