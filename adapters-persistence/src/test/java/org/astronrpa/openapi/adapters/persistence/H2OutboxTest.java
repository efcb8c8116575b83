package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.astronrpa.openapi.domain.contract.OutboxContract;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2OutboxTest extends OutboxContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected Outbox emptyOutbox() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.outbox();
    }

    @Override
    protected Transactions transactions() {
        return database.transactions();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    /**
     * H2 has no aggregate index (V8): its aggregate lookups must read the unpublished rows by their index — never the
     * whole table, which holds a day of published rows.
     */
    @Test
    void theAggregateLookupsReadOnlyTheUnpublishedRowsByTheirIndex() {
        emptyOutbox();
        for (String sql : List.of(JdbiOutbox.HELD_BACK, JdbiOutbox.EARLIER_UNPUBLISHED)) {
            String plan = database.jdbi().withHandle(handle -> handle.createQuery("EXPLAIN " + sql
                            .replace("<byAggregate>", "")
                            .replace("<aggregates>", "'a', 'b'")
                            .replace(":relay", "'relay-a'")
                            .replace(":last", "100"))
                    .mapTo(String.class).one());
            String access = plan.substring(plan.indexOf("/*"), plan.indexOf("*/"));
            assertTrue(access.contains("public.ix_outbox_unpublished:") && access.contains("published_at IS NULL"),
                    plan);
        }
    }
}
