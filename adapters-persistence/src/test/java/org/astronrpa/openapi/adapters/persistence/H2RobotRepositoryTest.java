package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.contract.RobotRepositoryContract;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2RobotRepositoryTest extends RobotRepositoryContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected RobotRepository emptyRepository() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.robots();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
