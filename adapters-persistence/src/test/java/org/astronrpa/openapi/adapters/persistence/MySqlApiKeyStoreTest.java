package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.contract.ApiKeyStoreContract;
import org.junit.jupiter.api.AfterAll;

class MySqlApiKeyStoreTest extends ApiKeyStoreContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected ApiKeyStore emptyStore() {
        return MYSQL.emptyDatabase().apiKeys();
    }
}
