package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.contract.RobotCredentialStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2RobotCredentialStoreTest extends RobotCredentialStoreContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected org.astronrpa.openapi.domain.robot.RobotCredentialStore emptyStore() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.robotCredentials();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
