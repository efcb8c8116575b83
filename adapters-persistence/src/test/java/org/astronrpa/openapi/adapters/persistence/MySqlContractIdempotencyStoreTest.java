package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.IdempotencyStoreContract;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.junit.jupiter.api.AfterAll;

/** The integration contract's starts' keys, in their own table. */
class MySqlContractIdempotencyStoreTest extends IdempotencyStoreContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected IdempotencyStore emptyStore() {
        return MYSQL.emptyDatabase().contractIdempotencyKeys();
    }
}
