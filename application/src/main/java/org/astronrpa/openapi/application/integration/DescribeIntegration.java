package org.astronrpa.openapi.application.integration;

import java.util.List;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.integration.Integration;
import org.astronrpa.openapi.domain.robot.RobotRepository;

/**
 * Describes upstream astron-rpa's integration contract as this service serves it to the caller ({@link Integration}):
 * its robots connected on any instance make its "client" state — of them, the managed robots whose record says they
 * confirm stops (they said so when they connected). Starts nothing.
 */
public final class DescribeIntegration {
    private final RobotRegistry robots;
    private final RobotRepository records;
    private final String serviceVersion;
    private final boolean starts;

    public DescribeIntegration(RobotRegistry robots, RobotRepository records, String serviceVersion) {
        this(robots, records, serviceVersion, true);
    }

    /** @param starts whether contract starts are served here */
    public DescribeIntegration(RobotRegistry robots, RobotRepository records, String serviceVersion, boolean starts) {
        this.starts = starts;
        this.robots = robots;
        this.records = records;
        this.serviceVersion = serviceVersion;
    }

    public Integration describe(Caller caller) {
        List<RobotRegistry.RobotView> connected = robots.everywhere(caller.userId());
        int confirming = (int) connected.stream().filter(view -> view.robotId() != null)
                .filter(view -> confirmsStops(caller, view)).count();
        return Integration.served(serviceVersion, connected.size(), confirming, starts);
    }

    /**
     * What the managed robot said when it connected: a connection here carries its record (no read); one held by
     * another instance is read from the robots' records.
     */
    private boolean confirmsStops(Caller caller, RobotRegistry.RobotView view) {
        return robots.connectionOf(caller.userId(), view.robotId())
                .filter(here -> here.connectionId().equals(view.connectionId()))
                .map(RobotRegistry.Robot::confirmsStops)
                .orElseGet(() -> records.find(caller.userId(), view.robotId())
                        .map(org.astronrpa.openapi.domain.robot.Robot::confirmsStops).orElse(false));
    }
}
