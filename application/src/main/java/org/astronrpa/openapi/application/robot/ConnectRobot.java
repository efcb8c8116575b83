package org.astronrpa.openapi.application.robot;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A robot connected. The desktop robot says nothing about itself, so a connection that replaces one dropped
 * mid-run cannot be told apart from a new desktop: if its owner has RUNNING executions that no connection here
 * holds, the new connection is presumed to be the desktop still running the oldest of them and takes no new
 * work until that one's reply or end. Otherwise it becomes available and its owner's queue is looked at.
 */
public final class ConnectRobot {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectRobot.class);
    private static final PageRequest RUNNING_LOOKUP = new PageRequest(1, PageRequest.MAX_PAGE_SIZE);
    private static final ExecutionFilter RUNNING = new ExecutionFilter(null, ExecutionStatus.RUNNING);

    private final RobotRegistry robots;
    private final Dispatcher dispatcher;
    private final ExecutionRepository executions;

    public ConnectRobot(RobotRegistry robots, Dispatcher dispatcher, ExecutionRepository executions) {
        this.robots = robots;
        this.dispatcher = dispatcher;
        this.executions = executions;
    }

    public void connect(RobotRegistry.Robot robot) {
        robots.connected(robot);
        List<ExecutionId> unanswered = executions.page(robot.owner(), RUNNING, RUNNING_LOOKUP).records().stream()
                .sorted(Comparator.comparing(Execution::dispatchedAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())))
                .map(Execution::id)
                .toList();
        robots.adopt(robot.connectionId(), unanswered).ifPresentOrElse(
                execution -> LOG.info("robot {} connected while execution {} awaits a reply from an earlier connection; "
                        + "it takes no new work until that one ends", robot.connectionId(), execution),
                () -> dispatcher.dispatch(robot.owner()));
    }
}
