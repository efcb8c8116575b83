package org.astronrpa.openapi.application.assembly;

import java.util.List;
import java.util.Objects;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.DependencyProbe;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.JobLeases;
import org.astronrpa.openapi.domain.shared.RandomSource;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.workflow.ParameterValidator;
import org.astronrpa.openapi.domain.workflow.SchemaChecker;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/**
 * Everything outside the application that {@link UseCaseGraph} builds the use cases on: the stores, where use cases
 * record their events and the bus execution events arrive on, the cluster, the sources of time, ids and randomness,
 * schema checks, key hashing, and the probes of the health check. Built with {@link #builder()}, every port named;
 * {@code application.memory.InMemoryPorts} fills one with in-memory adapters.
 *
 * @param apiKeys       the key store itself: the graph puts its cache in front where settings ask for one
 * @param domainEvents  where use cases record what changed, in their change's transaction (the outbox in the service)
 * @param executionEvents the bus execution changes are heard on: waiters, watchers, robot log lines
 * @param contractIdempotencyKeys the integration contract's starts' keys, kept for good (null: contract starts are
 *                                not served)
 * @param contractJson  the integration contract's JSON work (null: contract starts and profiles are not served)
 */
public record Ports(WorkflowRepository workflows, ExecutionRepository executions, ExecutionLogStore executionLogs,
                    IdempotencyStore idempotencyKeys, ApiKeyStore apiKeys, Transactions transactions,
                    DomainEvents domainEvents, ExecutionEvents executionEvents, ClusterPorts cluster,
                    TimeSource time, IdGenerator ids, RandomSource random,
                    SchemaChecker schemas, ParameterValidator parameters, ApiKeyHasher hasher,
                    List<DependencyProbe> probes, JobLeases jobLeases, RobotRepository robots,
                    org.astronrpa.openapi.domain.robot.RobotCredentialStore robotCredentials,
                    org.astronrpa.openapi.domain.schedule.ScheduleRepository schedules, WebhookPorts webhooks,
                    org.astronrpa.openapi.domain.apikey.KeyRuns keyRuns,
                    org.astronrpa.openapi.domain.audit.AuditLog auditLog,
                    org.astronrpa.openapi.domain.workflow.SecretInputs secretInputs,
                    IdempotencyStore contractIdempotencyKeys,
                    org.astronrpa.openapi.domain.integration.ContractJson contractJson) {

    public Ports {
        Objects.requireNonNull(workflows, "workflows");
        Objects.requireNonNull(executions, "executions");
        Objects.requireNonNull(executionLogs, "executionLogs");
        Objects.requireNonNull(idempotencyKeys, "idempotencyKeys");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(domainEvents, "domainEvents");
        Objects.requireNonNull(executionEvents, "executionEvents");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(schemas, "schemas");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(secretInputs, "secretInputs");
        Objects.requireNonNull(hasher, "hasher");
        Objects.requireNonNull(jobLeases, "jobLeases");
        Objects.requireNonNull(robots, "robots");
        Objects.requireNonNull(robotCredentials, "robotCredentials");
        Objects.requireNonNull(schedules, "schedules");
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(keyRuns, "keyRuns");
        Objects.requireNonNull(auditLog, "auditLog");
        probes = List.copyOf(probes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Names each port as it is set; {@link #build()} refuses one left out, naming it. */
    public static final class Builder {
        private WorkflowRepository workflows;
        private ExecutionRepository executions;
        private ExecutionLogStore executionLogs;
        private IdempotencyStore idempotencyKeys;
        private ApiKeyStore apiKeys;
        private org.astronrpa.openapi.domain.apikey.KeyRuns keyRuns;
        private org.astronrpa.openapi.domain.audit.AuditLog auditLog;
        private Transactions transactions;
        private DomainEvents domainEvents;
        private ExecutionEvents executionEvents;
        private ClusterPorts cluster;
        private TimeSource time;
        private IdGenerator ids;
        private RandomSource random;
        private SchemaChecker schemas;
        private ParameterValidator parameters;
        private org.astronrpa.openapi.domain.workflow.SecretInputs secretInputs;
        private IdempotencyStore contractIdempotencyKeys;
        private org.astronrpa.openapi.domain.integration.ContractJson contractJson;
        private ApiKeyHasher hasher;
        private List<DependencyProbe> probes = List.of();
        private JobLeases jobLeases;
        private RobotRepository robots;
        private org.astronrpa.openapi.domain.robot.RobotCredentialStore robotCredentials;
        private org.astronrpa.openapi.domain.schedule.ScheduleRepository schedules;
        private WebhookPorts webhooks;

        private Builder() {
        }

        public Builder workflows(WorkflowRepository workflows) {
            this.workflows = workflows;
            return this;
        }

        public Builder executions(ExecutionRepository executions) {
            this.executions = executions;
            return this;
        }

        public Builder executionLogs(ExecutionLogStore executionLogs) {
            this.executionLogs = executionLogs;
            return this;
        }

        public Builder idempotencyKeys(IdempotencyStore idempotencyKeys) {
            this.idempotencyKeys = idempotencyKeys;
            return this;
        }

        public Builder apiKeys(ApiKeyStore apiKeys) {
            this.apiKeys = apiKeys;
            return this;
        }

        public Builder transactions(Transactions transactions) {
            this.transactions = transactions;
            return this;
        }

        /**
         * Where use cases record their events, and the bus execution events are heard on; set together, as the
         * recorded events must reach that bus (directly, or through the outbox relay).
         */
        public Builder events(DomainEvents domainEvents, ExecutionEvents executionEvents) {
            this.domainEvents = domainEvents;
            this.executionEvents = executionEvents;
            return this;
        }

        public Builder cluster(ClusterPorts cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder time(TimeSource time) {
            this.time = time;
            return this;
        }

        public Builder ids(IdGenerator ids) {
            this.ids = ids;
            return this;
        }

        public Builder random(RandomSource random) {
            this.random = random;
            return this;
        }

        /** How parameter schemas are checked when a workflow is stored, and params when an execution starts. */
        public Builder parameterChecks(SchemaChecker schemas, ParameterValidator parameters) {
            return parameterChecks(schemas, parameters, schema -> false);
        }

        /**
         * {@link #parameterChecks(SchemaChecker, ParameterValidator)}, and how a schema's secret inputs are found
         * (without it every schema is taken to declare none: a test's choice, not the service's).
         */
        public Builder parameterChecks(SchemaChecker schemas, ParameterValidator parameters,
                                       org.astronrpa.openapi.domain.workflow.SecretInputs secretInputs) {
            this.schemas = schemas;
            this.parameters = parameters;
            this.secretInputs = secretInputs;
            return this;
        }

        public Builder hasher(ApiKeyHasher hasher) {
            this.hasher = hasher;
            return this;
        }

        /** The dependencies the health check asks (none unless set). */
        public Builder probes(List<DependencyProbe> probes) {
            this.probes = Objects.requireNonNull(probes, "probes");
            return this;
        }

        /** Who runs the jobs one instance at a time runs (the retention purge). */
        public Builder jobLeases(JobLeases jobLeases) {
            this.jobLeases = jobLeases;
            return this;
        }

        /** Where the records of managed robots live (API.md §5.1). */
        public Builder robots(RobotRepository robots) {
            this.robots = robots;
            return this;
        }

        /** Where robot enrollment tokens and robot credentials live. */
        public Builder robotCredentials(org.astronrpa.openapi.domain.robot.RobotCredentialStore robotCredentials) {
            this.robotCredentials = robotCredentials;
            return this;
        }

        /** Where schedules and their occurrences live. */
        public Builder schedules(org.astronrpa.openapi.domain.schedule.ScheduleRepository schedules) {
            this.schedules = schedules;
            return this;
        }

        /** Where webhook subscriptions and deliveries live, how requests go out and how bodies are written. */
        public Builder webhooks(WebhookPorts webhooks) {
            this.webhooks = webhooks;
            return this;
        }

        /** The runs started with keys that limit their unfinished runs. */
        public Builder keyRuns(org.astronrpa.openapi.domain.apikey.KeyRuns keyRuns) {
            this.keyRuns = keyRuns;
            return this;
        }

        /** Where audit entries are appended, in the transactions of the changes they record. */
        public Builder auditLog(org.astronrpa.openapi.domain.audit.AuditLog auditLog) {
            this.auditLog = auditLog;
            return this;
        }

        /**
         * What the integration contract's starts need (docs/API.md §6a): where their idempotency keys are kept for good,
         * and its JSON work. Without them, contract starts and workflow profiles are not served.
         */
        public Builder contract(IdempotencyStore contractIdempotencyKeys,
                                org.astronrpa.openapi.domain.integration.ContractJson contractJson) {
            this.contractIdempotencyKeys = contractIdempotencyKeys;
            this.contractJson = contractJson;
            return this;
        }

        /** The execution store set so far (an in-memory port that reads it is built before it may be replaced). */
        public ExecutionRepository executionsSetSoFar() {
            return executions;
        }

        /** @throws NullPointerException naming the port that was not set */
        public Ports build() {
            return new Ports(workflows, executions, executionLogs, idempotencyKeys, apiKeys, transactions, domainEvents,
                    executionEvents, cluster, time, ids, random, schemas, parameters, hasher, probes, jobLeases, robots, robotCredentials,
                    schedules, webhooks, keyRuns, auditLog, secretInputs, contractIdempotencyKeys, contractJson);
        }
    }
}
