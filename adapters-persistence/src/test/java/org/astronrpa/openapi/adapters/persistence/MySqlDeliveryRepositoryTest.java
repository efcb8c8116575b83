package org.astronrpa.openapi.adapters.persistence;

import org.astronrpa.openapi.domain.contract.DeliveryRepositoryContract;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.junit.jupiter.api.AfterAll;

class MySqlDeliveryRepositoryTest extends DeliveryRepositoryContract {
    private static final MySqlFixture MYSQL = new MySqlFixture();
    private Database database;

    @AfterAll
    static void dropDatabase() {
        MYSQL.close();
    }

    @Override
    protected DeliveryRepository emptyRepository() {
        database = emptied(MYSQL.emptyDatabase());
        return database.deliveries();
    }

    @Override
    protected Transactions transactions() {
        return database.transactions();
    }

    /** {@code database} without webhooks, deliveries or attempts (the fixture empties the other tables). */
    static Database emptied(Database database) {
        database.jdbi().useHandle(handle -> {
            handle.execute("DELETE FROM webhooks");
            handle.execute("DELETE FROM webhook_deliveries");
            handle.execute("DELETE FROM webhook_attempts");
        });
        return database;
    }
}
