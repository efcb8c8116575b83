package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.apikey.KeyRuns;
import org.astronrpa.openapi.domain.contract.KeyRunsContract;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2KeyRunsTest extends KeyRunsContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected KeyRuns emptyRuns() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.keyRuns();
    }

    @Override
    protected ExecutionRepository executions() {
        return database.executions();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Override
    protected org.astronrpa.openapi.domain.apikey.ApiKeyStore keys() {
        return database.apiKeys();
    }
}
