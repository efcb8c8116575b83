package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class H2ExecutionRoundTripTest extends ExecutionRoundTripContract {
    @TempDir
    Path dataDir;
    private Database database;

    @BeforeEach
    void openDatabase() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Override
    protected Database database() {
        return database;
    }
}
