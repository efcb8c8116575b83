package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.contract.IdempotencyStoreContract;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2IdempotencyStoreTest extends IdempotencyStoreContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected IdempotencyStore emptyStore() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.idempotencyKeys();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
