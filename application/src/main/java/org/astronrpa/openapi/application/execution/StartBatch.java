package org.astronrpa.openapi.application.execution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/**
 * {@code strategy: "all"}: one execution per managed robot of the caller that is connected now (to any instance), not
 * draining, and that the target names (any robot: every such robot), each aimed at its robot and all sharing a batch
 * id. Unnamed robots cannot be aimed at and take no part. The executions are started one after the other: should one
 * fail (the database away), the answer is that failure and those started before it stay, listed by the batch id.
 */
public final class StartBatch {
    private final StartExecution startExecution;
    private final RobotRegistry connections;
    private final RobotRepository records;
    private final IdGenerator ids;

    public StartBatch(StartExecution startExecution, RobotRegistry connections, RobotRepository records, IdGenerator ids) {
        this.startExecution = startExecution;
        this.connections = connections;
        this.records = records;
        this.ids = ids;
    }

    /** The batch's id and its executions, in robot id order. */
    public record Batch(String batchId, List<Execution> executions) {
        public Batch {
            executions = List.copyOf(executions);
        }
    }

    /**
     * As {@link #start(StartExecutionCommand)}, within the caller's key's grant: a workflow outside its allow-list is
     * not found; a key that limits its unfinished runs reserves the whole batch, or starts none of it.
     */
    public Batch start(Caller caller, StartExecutionCommand command) {
        if (!caller.grant().sees(command.projectId())) {
            throw new org.astronrpa.openapi.domain.workflow.WorkflowNotFound(command.projectId());
        }
        return start(command, (commands, batch) -> startExecution.startReserved(caller, commands, batch));
    }

    Batch start(StartExecutionCommand command) {
        return start(command, (commands, batch) -> commands.stream()
                .map(one -> startExecution.start(one, batch)).toList());
    }

    private Batch start(StartExecutionCommand command,
                        java.util.function.BiFunction<List<StartExecutionCommand>, String, List<Execution>> starter) {
        if (command.idempotencyKey() != null) {
            throw InvalidInput.of("Idempotency-Key", "cannot be used with strategy all: retry a batch by its batch_id");
        }
        List<Robot> robots = new ArrayList<>();
        connections.everywhere(command.caller()).stream()
                .filter(view -> view.robotId() != null)
                .forEach(view -> records.find(command.caller(), view.robotId())
                        .filter(robot -> !robot.draining() && command.target().matches(robot))
                        .ifPresent(robots::add));
        if (robots.isEmpty()) {
            throw InvalidInput.of("target", "no connected robot of yours matches it (strategy all starts one execution"
                    + " per managed robot connected now and not draining)");
        }
        robots.sort(Comparator.comparing(robot -> robot.id().value()));
        String batch = ids.newId();
        List<StartExecutionCommand> perRobot = robots.stream()
                .map(robot -> command.withTarget(RobotTarget.robot(robot.id()))).toList();
        return new Batch(batch, starter.apply(perRobot, batch));
    }
}
