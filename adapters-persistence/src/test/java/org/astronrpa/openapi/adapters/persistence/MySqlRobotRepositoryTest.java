package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.RobotRepositoryContract;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.junit.jupiter.api.AfterAll;

class MySqlRobotRepositoryTest extends RobotRepositoryContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected RobotRepository emptyRepository() {
        return MYSQL.emptyDatabase().robots();
    }
}
