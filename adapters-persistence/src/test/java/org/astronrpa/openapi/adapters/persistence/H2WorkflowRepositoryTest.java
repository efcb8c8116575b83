package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.contract.WorkflowRepositoryContract;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2WorkflowRepositoryTest extends WorkflowRepositoryContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected WorkflowRepository emptyRepository() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.workflows();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
