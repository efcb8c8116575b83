package org.astronrpa.openapi.application.integration;

import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.integration.Integration;

/**
 * Describes upstream astron-rpa's integration contract as this service serves it to the caller ({@link Integration}):
 * its robots connected on any instance make its "client" state. Starts nothing.
 */
public final class DescribeIntegration {
    private final RobotRegistry robots;
    private final String serviceVersion;

    public DescribeIntegration(RobotRegistry robots, String serviceVersion) {
        this.robots = robots;
        this.serviceVersion = serviceVersion;
    }

    public Integration describe(Caller caller) {
        int connected = robots.everywhere(caller.userId()).size();
        // no robot confirms stops yet: that comes with the contract's managed robots (issue 17)
        return Integration.served(serviceVersion, connected, 0);
    }
}
