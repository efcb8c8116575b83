package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.RobotCredentialStoreContract;
import org.junit.jupiter.api.AfterAll;

class MySqlRobotCredentialStoreTest extends RobotCredentialStoreContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected org.astronrpa.openapi.domain.robot.RobotCredentialStore emptyStore() {
        return MYSQL.emptyDatabase().robotCredentials();
    }
}
