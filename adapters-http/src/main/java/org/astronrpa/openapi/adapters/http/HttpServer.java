package org.astronrpa.openapi.adapters.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson3;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.astronrpa.openapi.application.assembly.UseCaseGraph;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.eclipse.jetty.server.handler.GracefulHandler;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The REST server: Javalin on virtual threads, with the routes of API.md §2, §4, §7 and §8. */
public final class HttpServer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpServer.class);
    private final Javalin app;
    private final GracefulHandler graceful = new GracefulHandler();
    private final java.time.Duration shutdownTimeout;
    private final RobotSocket robotSocket;
    private final KeyBoundSockets keySockets;

    /**
     * The server for {@code useCases}: the one place that takes from the graph what each route and socket calls.
     *
     * @param metrics    the Prometheus text of the metric families named by {@code /metrics?name[]=…}, of all of them
     *                   when none is named
     * @param extensions further Javalin configuration from the composition root (e.g. mounting MCP)
     */
    public static HttpServer serving(UseCaseGraph useCases, HttpSettings settings, MeterRegistry registry,
                                     Function<Set<String>, String> metrics,
                                     List<Consumer<JavalinConfig>> extensions) {
        JsonMapper mapper = objectMapper();
        KeyBoundSockets keySockets = new KeyBoundSockets();
        // who the client is, behind TRUSTED_PROXIES: for the access log and for what an enrolling robot changes
        org.astronrpa.openapi.domain.shared.TrustedProxies proxies =
                org.astronrpa.openapi.domain.shared.TrustedProxies.of(settings.trustedProxies());
        Authentication auth = new Authentication(useCases.authenticate(), useCases.limitRequests(),
                useCases.attributions(), proxies);
        // in this order: the compatibility routes first, so that /workflows/get is not read as a project id
        List<Consumer<RoutesConfig>> routes = List.of(
                new CompatRoutes(useCases.listWorkflows(), useCases.getWorkflow(), useCases.createApiKey(),
                        useCases.listApiKeys(), useCases.revokeApiKey(), auth, mapper)::register,
                new IntegrationRoutes(useCases.describeIntegration(), auth)::register,   // before /workflows/{project_id}
                new WorkflowRoutes(useCases.upsertWorkflow(), useCases.getWorkflow(), useCases.listWorkflows(),
                        useCases.deleteWorkflow(), auth, mapper)::register,
                new ApiKeyRoutes(useCases.createApiKey(), useCases.listApiKeys(), useCases.revokeApiKey(),
                        useCases.changeApiKey(), auth, mapper)::register,
                new OperationsRoutes(useCases.checkHealth(), metrics)::register,
                new AuditRoutes(useCases.listAuditEvents(), auth)::register,
                new ExecutionRoutes(useCases.startExecution(), useCases.startBatch(), useCases.awaitExecution(), useCases.getExecution(),
                        useCases.getSnapshot(), useCases.contractCancelExecution(), useCases.listExecutions(),
                        useCases.cancelExecution(), useCases.readExecutionLogs(),
                        auth, mapper, useCases.manageWebhooks()::checkedCallback)
                        .withContractStarts(useCases.startContractExecution())::register,
                new RobotRoutes(useCases.listRobots(), useCases.getRobot(), useCases.updateRobot(),
                        useCases.deleteRobot(), auth, mapper)::register,
                new RobotEnrollmentRoutes(useCases.enrollRobot(), useCases.redeemEnrollment(), useCases.revokeRobot(),
                        auth, mapper)::register,
                new ScheduleRoutes(new ScheduleRoutes.UseCases(useCases.createSchedule(), useCases.getSchedule(),
                        useCases.listSchedules(), useCases.updateSchedule(), useCases.deleteSchedule(),
                        useCases.pauseSchedule(), useCases.triggerSchedule(), useCases.nextFireTimes(),
                        useCases.listOccurrences(), useCases.backfillSchedule()), auth, mapper)::register,
                new WebhookRoutes(useCases.manageWebhooks(), auth, mapper)::register);
        RobotSocket robots = new RobotSocket(useCases.connectRobot(), useCases.disconnectRobot(),
                useCases.handleRobotReply(), useCases.confirmRobotStop(), useCases.appendRobotLog(), mapper, keySockets,
                settings.wsLimits());
        EventsSocket watchers = new EventsSocket(useCases.executionEvents(), useCases.robotEvents(), mapper, keySockets,
                settings.wsLimits());
        return new HttpServer(settings, mapper, auth, routes, robots, watchers, keySockets, registry, extensions,
                new AccessLog(registry, proxies));
    }

    private HttpServer(HttpSettings settings, JsonMapper mapper, Authentication auth,
                       List<Consumer<RoutesConfig>> routes, RobotSocket robots, EventsSocket watchers,
                       KeyBoundSockets keySockets, MeterRegistry registry, List<Consumer<JavalinConfig>> extensions,
                       AccessLog accessLog) {
        this.shutdownTimeout = settings.shutdownTimeout();
        this.robotSocket = robots;
        this.keySockets = keySockets;
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson3(mapper, true));
            config.http.maxRequestSize = HttpSettings.MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.jetty.modifyServer(server -> {
                // the graceful wait is ours (in-flight requests only, see stop()); Jetty then closes at once
                server.setStopTimeout(0);
                server.insertHandler(graceful);
                server.setErrorHandler(new JettyErrors(mapper));
            });
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JettyErrors(mapper)));
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxTextMessageSize(HttpSettings.MAX_BODY_BYTES);
                factory.setMaxBinaryMessageSize(HttpSettings.MAX_BODY_BYTES);
                factory.setIdleTimeout(settings.wsPingTimeout());
            });
            config.requestLogger.http(accessLog::log);
            config.routes.before(RequestIds::assign);
            config.routes.before(ctx -> ctx.attribute(JsonRequest.BODY_TIMEOUT_ATTRIBUTE, settings.bodyTimeout()));
            config.routes.exception(Exception.class, ErrorMapping::handle);
            config.routes.exception(HttpResponseException.class, ErrorMapping::handle);
            routes.forEach(route -> route.accept(config.routes));
            config.routes.wsBeforeUpgrade("/ws", refusingUpgrade(mapper,
                    auth.attachRobotCaller(RobotSocket.CALLER_ATTRIBUTE, Scope.ROBOTS_MANAGE)));
            config.routes.wsBeforeUpgrade("/ws", refusingUpgrade(mapper, RobotSocket::attachIdentity));
            config.routes.wsBeforeUpgrade("/ws/events", refusingUpgrade(mapper,
                    auth.attachCaller(RobotSocket.CALLER_ATTRIBUTE, Scope.EXECUTIONS_READ)));
            config.routes.ws("/ws", robots::configure);
            config.routes.ws("/ws/events", watchers::configure);
            extensions.forEach(extension -> extension.accept(config));
        });
        answerHeadLikeGet();
    }

    /**
     * A check before a WebSocket upgrade whose refusal carries the error envelope: Javalin maps the exception to its
     * status but sends no body with it on an upgrade request, so the answer is written here, then the upgrade is
     * refused by the exception as before.
     */
    private static io.javalin.http.Handler refusingUpgrade(JsonMapper mapper, io.javalin.http.Handler check) {
        return ctx -> {
            try {
                check.handle(ctx);
            } catch (Exception refused) {
                ApiProblem problem = ErrorMapping.withHeaders(refused, ctx);
                byte[] body = mapper.writeValueAsBytes(Envelope.Failure.of(problem, RequestIds.of(ctx)));
                var response = ctx.res();
                if (!response.isCommitted()) {
                    response.setStatus(problem.status());
                    response.setContentType("application/json");
                    response.setContentLength(body.length);
                    response.getOutputStream().write(body);
                    response.flushBuffer();
                }
                throw refused;
            }
        };
    }

    /**
     * Javalin answers HEAD on a GET route with an empty 200 without running the route, so HEAD skipped
     * authentication and lookups. Each GET route gets a HEAD twin running the same handler; Jetty sends the
     * status and headers of its answer and drops the body.
     */
    private void answerHeadLikeGet() {
        var router = app.unsafe.internalRouter;
        router.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method == HandlerType.GET)
                .toList()
                .forEach(get -> router.addHttpEndpoint(new Endpoint(HandlerType.HEAD, get.path, get.handler)));
    }

    static JsonMapper objectMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    public HttpServer start() {
        app.start();
        return this;
    }

    /**
     * Refuses new requests (503), lets in-flight ones finish for at most the shutdown timeout, then closes every
     * connection — idle keep-alive and WebSocket connections do not hold the stop up.
     */
    public void stop() {
        try {
            graceful.shutdown().get(shutdownTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("requests still running after {} s are cut off", shutdownTimeout.toSeconds());
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("graceful shutdown failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        robotSocket.goingAway();
        app.stop();
        robotSocket.close();
        keySockets.stop();
    }

    /**
     * An API key was revoked (on any instance: the composition root feeds this from the key revocation feed):
     * the robot and watcher sockets it opened here are closed with 1008 "API key revoked".
     */
    public void keyRevoked(String keyId) {
        keySockets.revoked(keyId);
    }

    /**
     * An API key was changed by its owner (on any instance): the watcher sockets it opened here are closed with 1008
     * "API key changed", so that they connect again under its new grant. Robot sockets stay: a robot keeps the grant it
     * connected with until it reconnects (revoke the key to cut it off).
     */
    public void keyChanged(String keyId) {
        keySockets.changed(keyId);
    }

    /** The ids of the API keys that opened robot or watcher sockets still open on this server. */
    public List<String> keysWithOpenSockets() {
        return List.copyOf(keySockets.keyIds());
    }

    public int port() {
        return app.port();
    }

    /** Text frames waiting for the robots connected here to read them. */
    int robotFramesQueued() {
        return robotSocket.queuedFrames();
    }

    /** Every registered route as {@code "METHOD /path"}, for the documentation check (HEAD twins of GET left out). */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod() && endpoint.method != HandlerType.HEAD)
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .toList();
    }
}
