package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2DueScheduleLocksTest extends DueScheduleLocksContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    Database emptyDatabase() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database;
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Override
    boolean takesTheNextOnes() {
        return false;
    }
}
