package org.astronrpa.openapi.application.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.astronrpa.openapi.application.assembly.Ports;
import org.astronrpa.openapi.application.assembly.UseCaseGraph;
import org.astronrpa.openapi.application.dispatch.DeadlineSweeper;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.execution.CancelExecution;
import org.astronrpa.openapi.application.execution.GetExecution;
import org.astronrpa.openapi.application.execution.ReadExecutionLogs;
import org.astronrpa.openapi.application.execution.StartExecution;
import org.astronrpa.openapi.application.memory.InMemoryPorts;
import org.astronrpa.openapi.application.robot.AppendRobotLog;
import org.astronrpa.openapi.application.robot.ConnectRobot;
import org.astronrpa.openapi.application.robot.DisconnectRobot;
import org.astronrpa.openapi.application.robot.HandleRobotReply;
import org.astronrpa.openapi.application.workflow.UpsertWorkflow;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.execution.RunOrder;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParameterValidator;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.SchemaChecker;

/**
 * The service's workflow, execution and robot use cases inside any JVM program, without HTTP, a database or Redis:
 * in-memory stores and events of one process. Robots are whatever the program connects (a {@link RobotChannel},
 * or just a consumer of run orders); their replies and log lines go in through {@link Robot}. Time, ids and the
 * checking of parameter schemas are the caller's explicit choices (the core reads no clock or randomness of its
 * own). Deadlines are applied when the program calls {@link #sweepDeadlines()}, e.g. once a second.
 */
public final class EmbeddedRpa {
    private final UpsertWorkflow upsertWorkflow;
    private final StartExecution startExecution;
    private final GetExecution getExecution;
    private final CancelExecution cancelExecution;
    private final ReadExecutionLogs readLogs;
    private final ConnectRobot connect;
    private final DisconnectRobot disconnect;
    private final HandleRobotReply replies;
    private final AppendRobotLog logs;
    private final DeadlineSweeper sweeper;
    private final TimeSource clock;

    private EmbeddedRpa(Builder b) {
        Ports ports = InMemoryPorts.builder(b.clock, b.ids)
                .parameterChecks(b.schemas, b.validator)
                // no API keys are issued here: a key would need randomness, which is the program's to give
                .random(bytes -> {
                    throw new IllegalStateException("an embedded service issues no API keys");
                })
                .hasher(ApiKeyHasher.withPepper("embedded: no API keys are issued or checked"))
                .build();
        UseCaseGraph graph = UseCaseGraph.build(ports, UseCaseGraph.Settings.builder()
                .executionTimeout(b.executionTimeout).dispatchTimeout(b.dispatchTimeout).build());
        this.clock = b.clock;
        this.upsertWorkflow = graph.upsertWorkflow();
        this.startExecution = graph.startExecution();
        this.getExecution = graph.getExecution();
        this.cancelExecution = graph.cancelExecution();
        this.readLogs = graph.readExecutionLogs();
        this.connect = graph.connectRobot();
        this.disconnect = graph.disconnectRobot();
        this.replies = graph.handleRobotReply();
        this.logs = graph.appendRobotLog();
        this.sweeper = graph.deadlineSweeper();
    }

    public static Builder builder() {
        return new Builder();
    }

    public UpsertWorkflow upsertWorkflow() {
        return upsertWorkflow;
    }

    public StartExecution startExecution() {
        return startExecution;
    }

    /** Reads one execution, optionally waiting for its end ({@code get(owner, id, Duration.ofSeconds(30))}). */
    public GetExecution getExecution() {
        return getExecution;
    }

    public CancelExecution cancelExecution() {
        return cancelExecution;
    }

    public ReadExecutionLogs readLogs() {
        return readLogs;
    }

    /** Fails executions whose robot did not answer in time and those no robot took: call it regularly. */
    public void sweepDeadlines() {
        sweeper.sweep();
    }

    /** Connects a robot of {@code owner}; it is handed the owner's queued executions, one at a time. */
    public Robot connectRobot(UserId owner, String connectionId, RobotChannel channel) {
        connect.connect(new RobotRegistry.Robot(connectionId, owner, clock.now(), "in-process", channel),
                java.util.Optional.empty());
        return new Robot(owner, connectionId);
    }

    /** A robot that only takes run orders (stop requests are ignored, as released astron-rpa robots do). */
    public Robot connectRobot(UserId owner, String connectionId, Consumer<RunOrder> runs) {
        Objects.requireNonNull(runs, "runs");
        return connectRobot(owner, connectionId, new RobotChannel() {
            @Override
            public boolean sendRun(RunOrder order) {
                runs.accept(order);
                return true;
            }

            @Override
            public void sendStop(String eventId, ExecutionId executionId, String projectId, boolean wholeDesktop) {
            }
        });
    }

    /** What a connected robot says back: replies to run orders, log lines, and its going away. */
    public final class Robot {
        private final UserId owner;
        private final String connectionId;

        private Robot(UserId owner, String connectionId) {
            this.owner = owner;
            this.connectionId = connectionId;
        }

        /** The robot's answer to the run order with {@code eventId} (its {@link RunOrder#eventId()}). */
        public HandleRobotReply.Result reply(String eventId, RobotReply reply) {
            return replies.handle(owner, eventId, reply);
        }

        /** A log line of a run: stored, the log's "truncated" line instead, or refused (unknown or ended run). */
        public AppendRobotLog.Outcome log(String executionId, String level, String message) {
            return logs.append(owner, executionId, level, message);
        }

        public void disconnect() {
            disconnect.disconnect(connectionId);
        }
    }

    /** The choices an embedding program makes; clock, ids and parameter checking have no default. */
    public static final class Builder {
        private TimeSource clock;
        private IdGenerator ids;
        private SchemaChecker schemas;
        private ParameterValidator validator;
        private Duration dispatchTimeout = Duration.ofSeconds(60);
        private ExecutionTimeout executionTimeout = new ExecutionTimeout(3600);

        private Builder() {
        }

        /** Where "now" comes from, e.g. {@code () -> Instant.now().truncatedTo(ChronoUnit.MILLIS)}. */
        public Builder clock(TimeSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where execution and event ids come from, e.g. {@code () -> UUID.randomUUID().toString()}. */
        public Builder ids(IdGenerator ids) {
            this.ids = Objects.requireNonNull(ids, "ids");
            return this;
        }

        /**
         * How parameter schemas and execution params are checked, e.g. adapters-schema's
         * {@code NetworkntSchemaChecker} and {@code NetworkntParameterValidator} (JSON Schema 2020-12).
         */
        public Builder parameterChecks(SchemaChecker schemas, ParameterValidator validator) {
            this.schemas = Objects.requireNonNull(schemas, "schemas");
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /** Stores parameter schemas as given and accepts any params: the explicit choice of no checking. */
        public Builder withoutParameterChecks() {
            return parameterChecks(ParametersSchema::new, (schema, params) -> List.of());
        }

        /** How long an execution waits for a robot of its owner (default 60 s; zero fails it at once). */
        public Builder dispatchTimeout(Duration dispatchTimeout) {
            this.dispatchTimeout = Objects.requireNonNull(dispatchTimeout, "dispatchTimeout");
            return this;
        }

        /** How long a run may take once sent, unless its start says otherwise (default 3,600 s). */
        public Builder executionTimeout(ExecutionTimeout executionTimeout) {
            this.executionTimeout = Objects.requireNonNull(executionTimeout, "executionTimeout");
            return this;
        }

        /** @throws IllegalStateException naming the choice that was not made */
        public EmbeddedRpa build() {
            if (clock == null) {
                throw new IllegalStateException("choose a clock: .clock(() -> Instant.now())");
            }
            if (ids == null) {
                throw new IllegalStateException("choose an id source: .ids(() -> UUID.randomUUID().toString())");
            }
            if (schemas == null) {
                throw new IllegalStateException("choose parameter checking: .parameterChecks(...) or .withoutParameterChecks()");
            }
            return new EmbeddedRpa(this);
        }
    }
}
