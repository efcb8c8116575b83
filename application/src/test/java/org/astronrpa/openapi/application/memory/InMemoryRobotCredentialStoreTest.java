package org.astronrpa.openapi.application.memory;

import org.astronrpa.openapi.domain.contract.RobotCredentialStoreContract;
import org.astronrpa.openapi.domain.robot.RobotCredentialStore;

class InMemoryRobotCredentialStoreTest extends RobotCredentialStoreContract {
    @Override
    protected RobotCredentialStore emptyStore() {
        return new InMemoryRobotCredentialStore();
    }
}
