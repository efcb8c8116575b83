package org.astronrpa.openapi.bootstrap;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.astronrpa.openapi.adapters.http.ExecutionUseCases;
import org.astronrpa.openapi.adapters.http.HttpServer;
import org.astronrpa.openapi.adapters.mcp.McpSettings;
import org.astronrpa.openapi.adapters.mcp.McpToolServer;
import org.astronrpa.openapi.adapters.mcp.McpUseCases;
import org.astronrpa.openapi.adapters.mcp.ToolListChanges;
import org.astronrpa.openapi.adapters.schema.NetworkntParameterValidator;
import org.astronrpa.openapi.adapters.redis.RedisFabric;
import org.astronrpa.openapi.adapters.redis.RedisSettings;
import org.astronrpa.openapi.application.dispatch.DeadlineSweeper;
import org.astronrpa.openapi.application.dispatch.RecoverLostInstances;
import org.astronrpa.openapi.application.dispatch.RescanQueues;
import org.astronrpa.openapi.application.ratelimit.InProcessRateLimiter;
import org.astronrpa.openapi.application.ratelimit.LimitRequests;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.cluster.InstanceMessages;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;
import org.astronrpa.openapi.domain.shared.DependencyProbe;
import org.astronrpa.openapi.domain.workflow.WorkflowChangeFeed;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.events.ExecutionWaiter;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.application.events.OutboxDomainEvents;
import org.astronrpa.openapi.application.events.OutboxRelay;
import org.astronrpa.openapi.application.events.PublishingDomainEvents;
import org.astronrpa.openapi.application.change.ExecutionChanges;
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
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.astronrpa.openapi.adapters.http.HttpSettings;
import org.astronrpa.openapi.adapters.http.WsQueueSettings;
import org.astronrpa.openapi.adapters.http.UseCases;
import org.astronrpa.openapi.adapters.persistence.Database;
import org.astronrpa.openapi.adapters.persistence.PersistenceConfig;
import org.astronrpa.openapi.adapters.schema.NetworkntSchemaChecker;
import java.util.concurrent.CompletableFuture;
import org.astronrpa.openapi.application.cache.CachingApiKeyStore;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.apikey.FindStoppedKeys;
import org.astronrpa.openapi.application.apikey.ListApiKeys;
import org.astronrpa.openapi.application.apikey.RevokeApiKey;
import org.astronrpa.openapi.application.auth.AuthPolicy;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.ops.CheckHealth;
import org.astronrpa.openapi.application.workflow.DeleteWorkflow;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.application.workflow.UpsertWorkflow;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.RandomSource;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/** Builds the object graph by hand: adapters, then use cases, then the inbound adapters. */
final class Wiring {
    /** Announced to MCP clients. */
    private static final String VERSION = "0.1.0";

    private Wiring() {
    }

    /** Everything {@link Launcher} must start and stop. */
    record Service(Database database, HttpServer http, PrometheusMeterRegistry metrics, DeadlineSweeper sweeper,
                   Dispatcher dispatcher, ExecutionRepository executions, IdempotencyStore idempotencyKeys,
                   Cluster cluster, RecoverLostInstances recovery, RescanQueues rescan, McpToolServer mcp,
                   ExecutionWaiter waiter, FindStoppedKeys stoppedKeys, OutboxRelay relay,
                   java.util.concurrent.ExecutorService relayNudges) {
    }

    /**
     * What several instances share through Redis, or its single-instance stand-ins.
     *
     * @param fabric the Redis connections, or {@code null} for a single instance
     */
    record Cluster(RedisFabric fabric, RobotPresence presence, InstanceMessages messages, ClusterMembership membership,
                   KeyRevocationFeed revocations, WorkflowChangeFeed workflowChanges, RateLimiter rateLimiter) {

        static Cluster of(AppConfig config, TimeSource time) {
            if (!config.clustered()) {
                return new Cluster(null, RobotPresence.SINGLE_INSTANCE, InstanceMessages.SINGLE_INSTANCE,
                        ClusterMembership.single(instanceId()), KeyRevocationFeed.inProcess(), WorkflowChangeFeed.inProcess(),
                        new InProcessRateLimiter(time));
            }
            RedisFabric fabric = RedisFabric.connect(RedisSettings.of(config.redisUrl(), instanceId())
                    .withNamespace(config.redisNamespace()));
            return new Cluster(fabric, fabric.presence(), fabric.messages(), fabric.membership(), fabric.keyRevocations(),
                    fabric.workflowChanges(), fabric.rateLimiter());
        }

        /** Unique per process start; the host name helps reading logs and Redis. */
        private static String instanceId() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "host";
            }
            return host.replaceAll("[^A-Za-z0-9.-]", "") + "-" + ProcessHandle.current().pid() + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
        }

        ExecutionEvents events(ExecutionEvents local) {
            return fabric == null ? local : fabric.events(local);
        }

        List<DependencyProbe> probes() {
            return fabric == null ? List.of() : List.of(fabric.probe());
        }

        void close() {
            if (fabric != null) {
                fabric.close();
            }
        }
    }

    static Service build(AppConfig config) {
        TimeSource time = () -> Instant.now().truncatedTo(ChronoUnit.MILLIS);
        IdGenerator ids = () -> UUID.randomUUID().toString();
        SecureRandom secureRandom = new SecureRandom();
        RandomSource random = secureRandom::nextBytes;

        // the schema checker loads its meta-schemas while the database opens and migrates
        CompletableFuture<NetworkntSchemaChecker> schemas = CompletableFuture.supplyAsync(NetworkntSchemaChecker::new);
        Database database = Database.open(persistence(config));
        Cluster cluster = null;
        try {
            cluster = Cluster.of(config, time);
            // MCP sessions hear of their user's tool list changes from the workflow events
            ToolListChanges toolListChanges = new ToolListChanges(cluster.workflowChanges());
            WorkflowRepository workflows = database.workflows();
            Cluster revocationFeed = cluster;
            // what happened, for whoever must follow: tool lists, key caches and sockets, the execution bus (below)
            PublishingDomainEvents domainEvents = new PublishingDomainEvents()
                    .consume(toolListChanges::heard)
                    .consume(event -> {
                        if (event instanceof ApiKeyEvent.Revoked revoked) {
                            revocationFeed.revocations().announce(revoked);
                        }
                    });
            PrometheusMeterRegistry metrics = JvmMetrics.registry();
            // use cases record into the outbox, in their change's transaction; the relay hands the events on
            java.util.concurrent.ExecutorService relayNudges = java.util.concurrent.Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("outbox-relay").daemon(true).factory());
            OutboxRelay relay = new OutboxRelay(database.outbox(), domainEvents, time, relayNudges,
                    OutboxRelay.Settings.of(relayId(cluster.membership().self()), config.outboxLease(),
                            config.outboxRetention()),
                    OutboxMetrics.recordingInto(metrics), OutboxStall.fromSystemProperty());
            OutboxMetrics.bindBacklog(metrics, relay);
            OutboxDomainEvents recorded = new OutboxDomainEvents(database.outbox(), database.transactions(),
                    relay::nudge);
            ApiKeyStore keys = database.apiKeys();
            if (!config.apiKeyCacheTtl().isZero()) {
                CachingApiKeyStore cache = new CachingApiKeyStore(database.apiKeys(), time, config.apiKeyCacheTtl(), 10_000);
                cluster.revocations().listen(cache::evict);
                keys = cache;
            }
            ApiKeyHasher hasher = ApiKeyHasher.withPepper(Pepper.resolve(config, random));

            List<DependencyProbe> probes = new java.util.ArrayList<>(List.of(database.probe()));
            probes.addAll(cluster.probes());
            UseCases useCases = new UseCases(
                    new AuthenticateCaller(new AuthPolicy(config.trustUserHeader(), config.gatewaySecret()), keys, hasher, time),
                    new UpsertWorkflow(workflows, schemas.join(), recorded, ids, time),
                    new GetWorkflow(workflows),
                    new ListWorkflows(workflows),
                    new DeleteWorkflow(workflows, recorded, ids, time),
                    new CreateApiKey(keys, hasher, random, recorded, ids, time),
                    new ListApiKeys(keys, time),
                    new RevokeApiKey(keys, recorded, ids, time),
                    new CheckHealth(probes, config.clustered() ? List.of() : List.of("redis")),
                    config.rateLimitPerMinute() == 0 ? LimitRequests.off()
                            : new LimitRequests(cluster.rateLimiter(),
                                    new RateLimiter.Limit(config.rateLimitPerMinute(), config.effectiveRateLimitBurst())));
            ExecutionRepository executions = database.executions();
            ExecutionEvents events = cluster.events(new InProcessExecutionEvents());
            RobotRegistry robots = new RobotRegistry(cluster.presence(), cluster.membership().self());
            domainEvents.consume(PublishingDomainEvents.toBus(events));
            ExecutionChanges changes = new ExecutionChanges(executions, database.transactions(), recorded, ids, time);
            Dispatcher dispatcher = new Dispatcher(executions, changes, robots, ids, time, cluster.presence(),
                    cluster.messages());
            // with several instances an end may be heard of late or never (pub/sub): waiters also look every 5 s
            ExecutionWaiter waiter = new ExecutionWaiter(executions, events,
                    config.clustered() ? java.time.Duration.ofSeconds(5) : null);
            ExecutionUseCases executionUseCases = new ExecutionUseCases(
                    new StartExecution(workflows, executions, changes, database.idempotencyKeys(),
                            new NetworkntParameterValidator(),
                            dispatcher, ids, time,
                            new StartExecution.Settings(new ExecutionTimeout(config.executionTimeoutSeconds()),
                                    config.dispatchTimeout())),
                    new GetExecution(executions, waiter),
                    new AwaitExecution(waiter),
                    new ListExecutions(executions),
                    new CancelExecution(executions, changes, dispatcher),
                    new ReadExecutionLogs(executions, database.executionLogs()),
                    robots,
                    new ConnectRobot(robots, dispatcher, executions, cluster.presence()),
                    new DisconnectRobot(robots),
                    new HandleRobotReply(executions, changes, dispatcher),
                    new AppendRobotLog(executions, database.executionLogs(), events, time, config.executionLogMaxLines()),
                    events);
            ExecutionMetrics.bind(metrics, executions, robots, events);
            McpToolServer mcp = new McpToolServer(
                    new McpSettings(config.mcpWait(), config.mcpAllowedOrigins(), config.mcpAllowedHosts(), VERSION,
                            config.mcpSessionIdle(), config.mcpMaxSessionsPerKey(), config.mcpKeepAlive()),
                    new McpUseCases(useCases.authenticate(), useCases.limitRequests(), useCases.getWorkflow(),
                            useCases.listWorkflows(), executionUseCases.start(), executionUseCases.await(),
                            executionUseCases.get(), executionUseCases.cancel(), executionUseCases.list()),
                    toolListChanges);
            HttpServer http = new HttpServer(new HttpSettings(config.host(), config.port(), config.shutdownTimeout(),
                    config.wsPingTimeout(), config.httpBodyTimeout(),
                    new WsQueueSettings(config.wsMaxQueuedFrames(), config.wsMaxQueuedBytes()), config.trustedProxies()),
                    useCases, executionUseCases, metrics, metrics::scrape, List.of(mounted(mcp, metrics)));
            // a revoked key also ends the sockets it opened, on every instance
            cluster.revocations().listen(http::keyRevoked);
            DeadlineSweeper sweeper = new DeadlineSweeper(executions, changes, dispatcher, time, config.dispatchTimeout(),
                    cluster.membership());
            RecoverLostInstances recovery = new RecoverLostInstances(executions, changes, dispatcher, cluster.membership(),
                    time, config.dispatchTimeout(), java.time.Duration.ofSeconds(5));
            return new Service(database, http, metrics, sweeper, dispatcher, executions, database.idempotencyKeys(),
                    cluster, recovery, new RescanQueues(executions, robots, dispatcher), mcp, waiter,
                    new FindStoppedKeys(database.apiKeys(), time), relay, relayNudges);
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            database.close();
            throw e;
        }
    }

    /**
     * The MCP servlet at /mcp in Javalin's Jetty, behind its authentication filter (Javalin's own before-handlers
     * never see another servlet's requests); async support, as its answers are event streams.
     */
    private static java.util.function.Consumer<io.javalin.config.JavalinConfig> mounted(McpToolServer mcp,
                                                                                       PrometheusMeterRegistry metrics) {
        return javalin -> javalin.jetty.modifyServletContextHandler(context -> {
            org.eclipse.jetty.ee10.servlet.ServletHolder servlet =
                    new org.eclipse.jetty.ee10.servlet.ServletHolder("mcp", mcp.servlet());
            servlet.setAsyncSupported(true);
            context.addServlet(servlet, McpSettings.PATH);
            // filters run in the order added: timing first, so that refusals are timed too
            org.eclipse.jetty.ee10.servlet.FilterHolder timing =
                    new org.eclipse.jetty.ee10.servlet.FilterHolder(mcp.metricsFilter(metrics));
            timing.setAsyncSupported(true);
            context.addFilter(timing, McpSettings.PATH, java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            org.eclipse.jetty.ee10.servlet.FilterHolder filter =
                    new org.eclipse.jetty.ee10.servlet.FilterHolder(mcp.authenticationFilter());
            filter.setAsyncSupported(true);
            context.addFilter(filter, McpSettings.PATH, java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        });
    }

    /** The instance id as the outbox stores a claimant (64 characters): its unique end. */
    private static String relayId(String instanceId) {
        return instanceId.length() <= 64 ? instanceId : instanceId.substring(instanceId.length() - 64);
    }

    private static PersistenceConfig persistence(AppConfig config) {
        if (config.embeddedDatabase()) {
            return new PersistenceConfig(null, null, null, config.dataDir(), config.databasePoolSize());
        }
        return new PersistenceConfig(config.databaseUrl(), config.databaseUsername(), config.databasePassword(),
                config.dataDir(), config.databasePoolSize());
    }
}
