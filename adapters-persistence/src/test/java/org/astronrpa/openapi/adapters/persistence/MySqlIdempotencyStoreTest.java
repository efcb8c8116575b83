package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.IdempotencyStoreContract;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.junit.jupiter.api.AfterAll;

class MySqlIdempotencyStoreTest extends IdempotencyStoreContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected IdempotencyStore emptyStore() {
        return MYSQL.emptyDatabase().idempotencyKeys();
    }
}
