package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.contract.OutboxContract;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.junit.jupiter.api.AfterEach;
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
}
