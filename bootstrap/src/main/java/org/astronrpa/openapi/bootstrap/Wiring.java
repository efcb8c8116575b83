package org.astronrpa.openapi.bootstrap;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.astronrpa.openapi.adapters.http.ExecutionUseCases;
import org.astronrpa.openapi.adapters.http.HttpServer;
import org.astronrpa.openapi.adapters.schema.NetworkntParameterValidator;
import org.astronrpa.openapi.application.dispatch.DeadlineSweeper;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.events.ExecutionWaiter;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.application.execution.CancelExecution;
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
import org.astronrpa.openapi.adapters.http.UseCases;
import org.astronrpa.openapi.adapters.persistence.Database;
import org.astronrpa.openapi.adapters.persistence.PersistenceConfig;
import org.astronrpa.openapi.adapters.schema.NetworkntSchemaChecker;
import java.util.concurrent.CompletableFuture;
import org.astronrpa.openapi.application.cache.CachingApiKeyStore;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.apikey.ListApiKeys;
import org.astronrpa.openapi.application.apikey.RevokeApiKey;
import org.astronrpa.openapi.application.auth.AuthPolicy;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.ops.CheckHealth;
import org.astronrpa.openapi.application.workflow.DeleteWorkflow;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.application.workflow.UpsertWorkflow;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.RandomSource;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/** Builds the object graph by hand: adapters, then use cases, then the inbound adapters. */
final class Wiring {
    private Wiring() {
    }

    /** Everything {@link Launcher} must start and stop. */
    record Service(Database database, HttpServer http, PrometheusMeterRegistry metrics, DeadlineSweeper sweeper,
                   Dispatcher dispatcher, ExecutionRepository executions, IdempotencyStore idempotencyKeys) {
    }

    static Service build(AppConfig config) {
        TimeSource time = () -> Instant.now().truncatedTo(ChronoUnit.MILLIS);
        IdGenerator ids = () -> UUID.randomUUID().toString();
        SecureRandom secureRandom = new SecureRandom();
        RandomSource random = secureRandom::nextBytes;

        // the schema checker loads its meta-schemas while the database opens and migrates
        CompletableFuture<NetworkntSchemaChecker> schemas = CompletableFuture.supplyAsync(NetworkntSchemaChecker::new);
        Database database = Database.open(persistence(config));
        try {
            WorkflowRepository workflows = database.workflows();
            ApiKeyStore keys = config.apiKeyCacheTtl().isZero() ? database.apiKeys()
                    : new CachingApiKeyStore(database.apiKeys(), time, config.apiKeyCacheTtl(), 10_000);
            ApiKeyHasher hasher = ApiKeyHasher.withPepper(Pepper.resolve(config, random));

            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(),
                    new ProcessorMetrics(), new UptimeMetrics()).forEach(binder -> binder.bindTo(metrics));

            UseCases useCases = new UseCases(
                    new AuthenticateCaller(new AuthPolicy(config.trustUserHeader(), config.gatewaySecret()), keys, hasher, time),
                    new UpsertWorkflow(workflows, schemas.join(), time),
                    new GetWorkflow(workflows),
                    new ListWorkflows(workflows),
                    new DeleteWorkflow(workflows),
                    new CreateApiKey(keys, hasher, random, ids, time),
                    new ListApiKeys(keys, time),
                    new RevokeApiKey(keys, time, List.of()),
                    new CheckHealth(List.of(database.probe()), List.of("redis")));
            ExecutionRepository executions = database.executions();
            ExecutionEvents events = new InProcessExecutionEvents();
            RobotRegistry robots = new RobotRegistry();
            Dispatcher dispatcher = new Dispatcher(executions, robots, events, ids, time);
            ExecutionUseCases executionUseCases = new ExecutionUseCases(
                    new StartExecution(workflows, executions, database.idempotencyKeys(), new NetworkntParameterValidator(),
                            dispatcher, events, ids, time,
                            new StartExecution.Settings(new ExecutionTimeout(config.executionTimeoutSeconds()),
                                    config.dispatchTimeout())),
                    new GetExecution(executions, new ExecutionWaiter(executions, events)),
                    new ListExecutions(executions),
                    new CancelExecution(executions, dispatcher, events, time),
                    new ReadExecutionLogs(executions, database.executionLogs()),
                    robots,
                    new ConnectRobot(robots, dispatcher, executions),
                    new DisconnectRobot(robots),
                    new HandleRobotReply(executions, dispatcher, events, time),
                    new AppendRobotLog(executions, database.executionLogs(), events, time),
                    events);
            ExecutionMetrics.bind(metrics, executions, robots, events);
            HttpServer http = new HttpServer(new HttpSettings(config.host(), config.port(), config.shutdownTimeout(),
                    config.wsPingTimeout()), useCases, executionUseCases, metrics, metrics::scrape, List.of());
            DeadlineSweeper sweeper = new DeadlineSweeper(executions, robots, dispatcher, events, time, config.dispatchTimeout());
            return new Service(database, http, metrics, sweeper, dispatcher, executions, database.idempotencyKeys());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static PersistenceConfig persistence(AppConfig config) {
        if (config.embeddedDatabase()) {
            return new PersistenceConfig(null, null, null, config.dataDir(), config.databasePoolSize());
        }
        return new PersistenceConfig(config.databaseUrl(), config.databaseUsername(), config.databasePassword(),
                config.dataDir(), config.databasePoolSize());
    }
}
