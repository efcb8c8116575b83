package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.contract.ExecutionLogStoreContract;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2ExecutionLogStoreTest extends ExecutionLogStoreContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected ExecutionLogStore emptyStore() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.executionLogs();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
