package org.astronrpa.openapi.application.robot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The caller's robots: a page of its managed robots (connected or not, most recently first seen first), each with its
 * connection if it has one on any instance; the first page also lists every unnamed connection (astron-rpa clients,
 * which have no record and exist only while connected), after the managed robots.
 */
public final class ListRobots {
    private final RobotRepository records;
    private final RobotRegistry connections;
    private final org.astronrpa.openapi.domain.execution.ExecutionRepository executions;

    public ListRobots(RobotRepository records, RobotRegistry connections,
                      org.astronrpa.openapi.domain.execution.ExecutionRepository executions) {
        this.records = records;
        this.connections = connections;
        this.executions = executions;
    }

    /**
     * @return the page's robots and the total of managed robots plus unnamed connections
     */
    public Listed list(UserId owner, PageRequest request) {
        Map<RobotId, RobotRegistry.RobotView> managedConnections = new HashMap<>();
        List<RobotRegistry.RobotView> unnamed = new ArrayList<>();
        for (RobotRegistry.RobotView view : connections.everywhere(owner)) {
            if (view.robotId() == null) {
                unnamed.add(view);
            } else {
                managedConnections.put(view.robotId(), view);
            }
        }
        Page<Robot> page = records.page(owner, request);
        var pending = executions.pendingByTarget(owner);
        List<RobotState> robots = new ArrayList<>(page.records().size() + unnamed.size());
        page.records().forEach(robot -> robots.add(RobotState.of(robot, managedConnections.get(robot.id()), pending)));
        if (request.pageNo() == 1) {
            unnamed.forEach(view -> robots.add(RobotState.of(null, view, pending)));
        }
        long total = (page.total() == null ? 0 : page.total()) + unnamed.size();
        return new Listed(robots, total);
    }

    /** A page of robots, and how many the caller has in all. */
    public record Listed(List<RobotState> robots, long total) {
        public Listed {
            robots = List.copyOf(robots);
        }
    }
}
