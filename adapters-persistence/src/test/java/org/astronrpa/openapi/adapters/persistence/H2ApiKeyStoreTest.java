package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.contract.ApiKeyStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class H2ApiKeyStoreTest extends ApiKeyStoreContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected ApiKeyStore emptyStore() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.apiKeys();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
