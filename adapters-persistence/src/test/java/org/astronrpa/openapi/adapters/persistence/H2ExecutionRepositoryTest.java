package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.contract.ExecutionRepositoryContract;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2ExecutionRepositoryTest extends ExecutionRepositoryContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected ExecutionRepository emptyRepository() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.executions();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
