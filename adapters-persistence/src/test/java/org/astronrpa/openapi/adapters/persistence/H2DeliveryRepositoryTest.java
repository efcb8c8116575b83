package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.astronrpa.openapi.domain.contract.DeliveryRepositoryContract;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2DeliveryRepositoryTest extends DeliveryRepositoryContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected DeliveryRepository emptyRepository() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.deliveries();
    }

    @Override
    protected Transactions transactions() {
        return database.transactions();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    /** IGNORECASE=TRUE would make every VARCHAR fold case: the ids, the receiver and the body are kept exact. */
    @Test
    void theIdsAndTheBodyAreExactText() {
        List<String> types = database.jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT LOWER(data_type) FROM information_schema.columns
                         WHERE table_name IN ('webhooks', 'webhook_deliveries', 'webhook_attempts')
                           AND column_name IN ('id', 'user_id', 'subscriber', 'webhook_id', 'callback_of', 'event_id',
                                               'body', 'claimed_by', 'delivery_id')""")
                .mapTo(String.class)
                .list());
        assertEquals(11, types.size(), types::toString);
        assertEquals(List.of("character varying"), types.stream().distinct().toList());
    }
}
