package org.astronrpa.openapi.bootstrap;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.astronrpa.openapi.adapters.http.HttpServer;
import org.astronrpa.openapi.adapters.http.HttpSettings;
import org.astronrpa.openapi.adapters.http.WsQueueSettings;
import org.astronrpa.openapi.adapters.mcp.McpSettings;
import org.astronrpa.openapi.adapters.mcp.McpToolServer;
import org.astronrpa.openapi.adapters.mcp.ToolListChanges;
import org.astronrpa.openapi.adapters.persistence.Database;
import org.astronrpa.openapi.adapters.persistence.PersistenceConfig;
import org.astronrpa.openapi.adapters.redis.RedisFabric;
import org.astronrpa.openapi.adapters.redis.RedisSettings;
import org.astronrpa.openapi.adapters.schema.NetworkntParameterValidator;
import org.astronrpa.openapi.adapters.schema.NetworkntSchemaChecker;
import org.astronrpa.openapi.application.apikey.FindStoppedKeys;
import org.astronrpa.openapi.application.assembly.ClusterPorts;
import org.astronrpa.openapi.application.assembly.Ports;
import org.astronrpa.openapi.application.assembly.UseCaseGraph;
import org.astronrpa.openapi.application.auth.AuthPolicy;
import org.astronrpa.openapi.application.dispatch.DeadlineSweeper;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RecoverLostInstances;
import org.astronrpa.openapi.application.dispatch.RescanQueues;
import org.astronrpa.openapi.application.events.ExecutionWaiter;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.application.events.OutboxDomainEvents;
import org.astronrpa.openapi.application.events.OutboxRelay;
import org.astronrpa.openapi.application.events.PublishingDomainEvents;
import org.astronrpa.openapi.application.ratelimit.InProcessRateLimiter;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.cluster.InstanceMessages;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;
import org.astronrpa.openapi.domain.shared.DependencyProbe;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.RandomSource;
import org.astronrpa.openapi.domain.shared.SecretBox;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.workflow.WorkflowChangeFeed;

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
                   java.util.concurrent.ExecutorService relayNudges,
                   org.astronrpa.openapi.application.execution.PurgeHistory purgeHistory,
                   RetentionMetrics retentionMetrics,
                   org.astronrpa.openapi.application.schedule.FireSchedules fireSchedules,
                   org.astronrpa.openapi.application.webhook.DeliverWebhooks webhookDeliveries,
                   org.astronrpa.openapi.application.audit.PurgeAuditEvents purgeAudit) {
    }

    /**
     * What several instances share through Redis, or its single-instance stand-ins.
     *
     * @param fabric the Redis connections, or {@code null} for a single instance
     */
    record Cluster(RedisFabric fabric, RobotPresence presence, InstanceMessages messages, ClusterMembership membership,
                   KeyRevocationFeed revocations, WorkflowChangeFeed workflowChanges, RateLimiter rateLimiter,
                   org.astronrpa.openapi.domain.robot.RobotChangeFeed robotChanges) {

        static Cluster of(AppConfig config, TimeSource time) {
            if (!config.clustered()) {
                return new Cluster(null, RobotPresence.SINGLE_INSTANCE, InstanceMessages.SINGLE_INSTANCE,
                        ClusterMembership.single(instanceId()), KeyRevocationFeed.inProcess(), WorkflowChangeFeed.inProcess(),
                        new InProcessRateLimiter(time), org.astronrpa.openapi.domain.robot.RobotChangeFeed.inProcess());
            }
            RedisFabric fabric = RedisFabric.connect(RedisSettings.of(config.redisUrl(), instanceId())
                    .withNamespace(config.redisNamespace()));
            return new Cluster(fabric, fabric.presence(), fabric.messages(), fabric.membership(), fabric.keyRevocations(),
                    fabric.workflowChanges(), fabric.rateLimiter(), fabric.robotChanges());
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

        /** What the use cases share with the other instances. */
        ClusterPorts ports() {
            return new ClusterPorts(presence, messages, membership, revocations, rateLimiter, robotChanges);
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
        SecureRandom secureRandom = new SecureRandom();
        IdGenerator ids = new TimeOrderedIds(time, secureRandom::nextBytes);
        RandomSource random = secureRandom::nextBytes;

        // the schema checker loads its meta-schemas while the database opens and migrates
        CompletableFuture<NetworkntSchemaChecker> schemas = CompletableFuture.supplyAsync(NetworkntSchemaChecker::new);
        Database database = Database.open(persistence(config));
        Cluster cluster = null;
        try {
            cluster = Cluster.of(config, time);
            // MCP sessions hear of their user's tool list changes from the workflow events
            ToolListChanges toolListChanges = new ToolListChanges(cluster.workflowChanges());
            Cluster revocationFeed = cluster;
            // what happened, for whoever must follow: tool lists, key caches and sockets, the execution bus (below)
            PublishingDomainEvents domainEvents = new PublishingDomainEvents()
                    .consume(toolListChanges::heard)
                    .consume(event -> {
                        if (event instanceof ApiKeyEvent.Revoked revoked) {
                            revocationFeed.revocations().announce(revoked);
                        } else if (event instanceof ApiKeyEvent.Changed changed) {
                            revocationFeed.revocations().announce(changed);
                        }
                    });
            PrometheusMeterRegistry metrics = JvmMetrics.registry();
            // use cases record into the outbox, in their change's transaction; the relay hands the events on
            java.util.concurrent.ExecutorService relayNudges = java.util.concurrent.Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("outbox-relay").daemon(true).factory());
            OutboxRelay relay = new OutboxRelay(database.outbox(), domainEvents, time, relayNudges,
                    alone(OutboxRelay.Settings.of(relayId(cluster.membership().self()), config.outboxLease(),
                            config.outboxRetention()), config.clustered()),
                    OutboxMetrics.recordingInto(metrics), OutboxStall.fromSystemProperty());
            OutboxMetrics.bindBacklog(metrics, relay);
            OutboxDomainEvents recorded = new OutboxDomainEvents(database.outbox(), database.transactions(), relay);
            String pepper = Pepper.resolve(config, random);
            ApiKeyHasher hasher = ApiKeyHasher.withPepper(pepper);

            List<DependencyProbe> probes = new java.util.ArrayList<>(List.of(database.probe()));
            probes.addAll(cluster.probes());
            ExecutionEvents events = cluster.events(new InProcessExecutionEvents());
            domainEvents.consume(PublishingDomainEvents.toBus(events));
            // robot events reach the instance holding each robot's connection, and watchers everywhere
            domainEvents.consume(PublishingDomainEvents.toRobotFeed(cluster.robotChanges()));
            NetworkntParameterValidator parameters = new NetworkntParameterValidator();
            UseCaseGraph useCases = UseCaseGraph.build(Ports.builder()
                    .workflows(database.workflows())
                    .executions(database.executions())
                    .executionLogs(database.executionLogs())
                    .jobLeases(database.jobLeases())
                    .robots(database.robots())
                    .robotCredentials(database.robotCredentials())
                    .schedules(database.schedules())
                    .webhooks(webhookPorts(config, database, SecretBox.derived(pepper, "webhook-secrets", random)))
                    .idempotencyKeys(database.idempotencyKeys())
                    .contract(database.contractIdempotencyKeys(),
                            new org.astronrpa.openapi.adapters.schema.StrictContractJson())
                    .apiKeys(database.apiKeys())
                    .keyRuns(database.keyRuns())
                    .auditLog(database.auditLog())
                    .transactions(database.transactions())
                    .events(recorded, events)
                    .cluster(cluster.ports())
                    .time(time)
                    .ids(ids)
                    .random(random)
                    .parameterChecks(schemas.join(), parameters, parameters)
                    .hasher(hasher)
                    .probes(probes)
                    .build(), settings(config));
            ExecutionRepository executions = database.executions();
            Runnable queueDepths = ExecutionMetrics.bind(metrics, executions, useCases.robots(), events);
            useCases.dispatcher().timeDecisionsWith(ExecutionMetrics.decisions(metrics));
            useCases.fireSchedules().observeWith(ScheduleMetrics.of(metrics));
            // the families a scrape reads from the database first, only when it shows them
            Map<String, Runnable> refreshed = Map.of(ExecutionMetrics.QUEUE_DEPTH, queueDepths,
                    WebhookMetrics.QUEUE_DEPTH, WebhookMetrics.bind(metrics, useCases.deliverWebhooks(),
                            useCases.webhookDeliveries()));
            // an event counts as published once its webhook deliveries are stored: a relay's batch at a time
            relay.requireFirst(useCases.fanOutWebhooks()::acceptAll);
            // a workflow deleted or made inactive pauses its schedules at once (and at their next occurrence anyway)
            domainEvents.consume(useCases.pauseWithWorkflow());
            McpToolServer mcp = McpToolServer.serving(useCases,
                    new McpSettings(config.mcpWait(), config.mcpAllowedOrigins(), config.mcpAllowedHosts(), VERSION,
                            config.mcpSessionIdle(), config.mcpMaxSessionsPerKey(), config.mcpKeepAlive()),
                    toolListChanges);
            HttpServer http = HttpServer.serving(useCases, new HttpSettings(config.host(), config.port(),
                    config.shutdownTimeout(), config.wsPingTimeout(), config.httpBodyTimeout(),
                    new WsQueueSettings(config.wsMaxQueuedFrames(), config.wsMaxQueuedBytes()), config.trustedProxies()),
                    metrics, names -> scrape(metrics, refreshed, names), List.of(mounted(mcp, metrics)));
            // a revoked key also ends the sockets it opened, on every instance
            cluster.revocations().listen(http::keyRevoked);
            cluster.revocations().listenChanges(http::keyChanged);
            return new Service(database, http, metrics, useCases.deadlineSweeper(), useCases.dispatcher(), executions,
                    database.idempotencyKeys(), cluster, useCases.recoverLostInstances(), useCases.rescanQueues(), mcp,
                    useCases.waiter(), useCases.findStoppedKeys(), relay, relayNudges, useCases.purgeHistory(),
                    new RetentionMetrics(metrics, time), useCases.fireSchedules(), useCases.deliverWebhooks(),
                    useCases.purgeAuditEvents());
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            database.close();
            throw e;
        }
    }

    /**
     * The Prometheus text of the families {@code names}, of all of them when it is empty. A family is named as its
     * {@code # TYPE} line names it ({@code rpa_schedule_occurrences}) or as one of its samples does
     * ({@code rpa_schedule_occurrences_total}, a histogram's {@code _count}, {@code _sum} or {@code _bucket}). The
     * families of {@code refreshed} (queue depths) are read from the database (each at most once a second) only for a
     * scrape that shows them: a poller of one counter costs next to nothing.
     */
    static String scrape(PrometheusMeterRegistry metrics, Map<String, Runnable> refreshed,
                         java.util.Set<String> names) {
        if (names.isEmpty()) {
            refreshed.values().forEach(Runnable::run);
            return metrics.scrape();
        }
        java.util.Set<String> families = new java.util.HashSet<>();
        for (String name : names) {
            families.add(name);
            for (String suffix : SAMPLE_SUFFIXES) {
                if (name.endsWith(suffix) && name.length() > suffix.length()) {
                    families.add(name.substring(0, name.length() - suffix.length()));
                }
            }
        }
        refreshed.forEach((family, refresh) -> {
            if (families.contains(family)) {
                refresh.run();
            }
        });
        return metrics.scrape("text/plain; version=0.0.4; charset=utf-8", families);
    }

    /** What a sample's name adds to its family's (see {@link #scrape}). */
    private static final List<String> SAMPLE_SUFFIXES = List.of("_total", "_count", "_sum", "_bucket");

    /**
     * The MCP servlet at /mcp (and /mcp/) in Javalin's Jetty, behind its authentication filter (Javalin's own before-handlers
     * never see another servlet's requests); async support, as its answers are event streams.
     */
    private static java.util.function.Consumer<io.javalin.config.JavalinConfig> mounted(McpToolServer mcp,
                                                                                       PrometheusMeterRegistry metrics) {
        return javalin -> javalin.jetty.modifyServletContextHandler(context -> {
            org.eclipse.jetty.ee10.servlet.ServletHolder servlet =
                    new org.eclipse.jetty.ee10.servlet.ServletHolder("mcp", mcp.servlet());
            servlet.setAsyncSupported(true);
            // filters run in the order added: /mcp/ made /mcp first, then timing, so that refusals are timed too
            List<jakarta.servlet.Filter> filters = List.of(mcp.pathFilter(), mcp.metricsFilter(metrics),
                    mcp.authenticationFilter());
            List<org.eclipse.jetty.ee10.servlet.FilterHolder> holders = filters.stream().map(filter -> {
                org.eclipse.jetty.ee10.servlet.FilterHolder holder = new org.eclipse.jetty.ee10.servlet.FilterHolder(filter);
                holder.setAsyncSupported(true);
                return holder;
            }).toList();
            for (String path : McpSettings.PATHS) {
                context.addServlet(servlet, path);
            }
            for (org.eclipse.jetty.ee10.servlet.FilterHolder holder : holders) {
                for (String path : McpSettings.PATHS) {
                    context.addFilter(holder, path, java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
                }
            }
        });
    }

    /** The use cases' choices from the configuration. */
    private static UseCaseGraph.Settings settings(AppConfig config) {
        return UseCaseGraph.Settings.builder()
                .serviceVersion(VERSION)
                .auth(new AuthPolicy(config.trustUserHeader(), config.gatewaySecret(),
                        org.astronrpa.openapi.domain.shared.TrustedProxies.of(config.trustedProxies())))
                .requestLimit(config.rateLimitPerMinute() == 0 ? null
                        : new RateLimiter.Limit(config.rateLimitPerMinute(), config.effectiveRateLimitBurst()))
                .executionTimeout(new ExecutionTimeout(config.executionTimeoutSeconds()))
                .dispatchTimeout(config.dispatchTimeout())
                .executionLogMaxLines(config.executionLogMaxLines())
                .scheduleMinInterval(config.scheduleMinInterval())
                .webhooks(webhookSettings(config))
                // with several instances an end may be heard of late or never (pub/sub): waiters also look every 5 s
                .waiterRecheck(config.clustered() ? java.time.Duration.ofSeconds(5) : null)
                .apiKeyCacheTtl(config.apiKeyCacheTtl())
                .instanceLease(java.time.Duration.ofSeconds(5))
                .disabledDependencies(config.clustered() ? List.of() : List.of("redis"))
                .retention(org.astronrpa.openapi.application.execution.PurgeHistory.Retention.days(
                        config.executionRetentionDays(), config.executionLogRetentionDays(),
                        config.retentionPurgeDutyPercent()))
                .auditRetention(config.auditRetentionDays() == 0 ? null
                        : java.time.Duration.ofDays(config.auditRetentionDays()))
                .build();
    }

    /** Webhooks: stored in the database, sent with the JDK's client under the address guard. */
    private static org.astronrpa.openapi.application.assembly.WebhookPorts webhookPorts(AppConfig config,
                                                                                     Database database,
                                                                                     SecretBox secrets) {
        AppConfig.Webhooks hooks = config.webhooks();
        return new org.astronrpa.openapi.application.assembly.WebhookPorts(database.webhooks(secrets),
                database.deliveries(), database.callbackSecrets(secrets),
                new org.astronrpa.openapi.adapters.http.JdkWebhookTransport(
                        new org.astronrpa.openapi.domain.webhook.TargetPolicy(java.util.Set.copyOf(hooks.allowedHosts())),
                        hooks.connectTimeout(), hooks.timeout()),
                new org.astronrpa.openapi.adapters.http.JsonWebhookBodies());
    }

    /** The webhook settings from the configuration. */
    static org.astronrpa.openapi.application.webhook.WebhookSettings webhookSettings(AppConfig config) {
        AppConfig.Webhooks hooks = config.webhooks();
        java.time.Duration longest = hooks.firstRetry().compareTo(java.time.Duration.ofHours(1)) > 0
                ? hooks.firstRetry() : java.time.Duration.ofHours(1);
        // a claim outlasts an attempt (connect and answer) several times over
        java.time.Duration lease = hooks.timeout().plus(hooks.connectTimeout()).multipliedBy(3);
        return new org.astronrpa.openapi.application.webhook.WebhookSettings(hooks.allowHttp(), hooks.disableAfter(),
                new org.astronrpa.openapi.domain.webhook.RetryPolicy(hooks.firstRetry(), longest, hooks.retryWindow(),
                        0.2),
                java.time.Duration.ofHours(24), hooks.perSubscription(), 256, lease,
                java.time.Duration.ofDays(hooks.logRetentionDays()));
    }

    /** Without Redis an instance is the only one on its database: its relay is alone. */
    private static OutboxRelay.Settings alone(OutboxRelay.Settings settings, boolean clustered) {
        return clustered ? settings : settings.asOnlyRelay();
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
