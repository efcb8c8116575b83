package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.contract.RobotRepositoryContract;
import org.astronrpa.openapi.domain.robot.RobotRepository;

class InMemoryRobotRepositoryTest extends RobotRepositoryContract {
    @Override
    protected RobotRepository emptyRepository() {
        return new InMemoryRobotRepository();
    }
}
