package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2StoredAllowListTest extends StoredAllowListContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    Database database() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database;
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
