package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import org.astronrpa.openapi.domain.contract.IdempotencyStoreContract;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The integration contract's starts' keys, in their own table. */
class H2ContractIdempotencyStoreTest extends IdempotencyStoreContract {
    @TempDir
    Path dataDir;
    private Database database;

    @Override
    protected IdempotencyStore emptyStore() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
        return database.contractIdempotencyKeys();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @org.junit.jupiter.api.Test
    void thePurgeOfOurKeysNeverReachesTheContractsAndTheTwoNeverMeet() {
        var at = java.time.Instant.parse("2026-01-01T00:00:00Z");
        var record = new org.astronrpa.openapi.domain.execution.IdempotencyRecord(
                new org.astronrpa.openapi.domain.shared.UserId("alice"), "k-1", "fp",
                new org.astronrpa.openapi.domain.execution.ExecutionId("e-1"), at);
        database.contractIdempotencyKeys().putIfAbsent(record, java.time.Instant.EPOCH);
        database.idempotencyKeys().purgeOlderThan(at.plusSeconds(86_400 * 365));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Optional.of(record),
                database.contractIdempotencyKeys().find(record.owner(), "k-1"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Optional.empty(),
                database.idempotencyKeys().find(record.owner(), "k-1"));
    }
}
