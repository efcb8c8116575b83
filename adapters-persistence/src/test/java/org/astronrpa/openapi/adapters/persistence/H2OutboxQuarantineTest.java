package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2OutboxQuarantineTest extends OutboxQuarantineContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected Database emptyDatabase() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database;
    }

    @AfterEach
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
