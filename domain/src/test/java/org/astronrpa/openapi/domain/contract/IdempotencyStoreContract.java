package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.IdempotencyRecord;
import org.astronrpa.openapi.domain.execution.IdempotencyStore;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link IdempotencyStore} must do; subclassed once per adapter. */
public abstract class IdempotencyStoreContract {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00.321Z");
    private static final Duration DAY = Duration.ofHours(24);

    private IdempotencyStore store;

    /** A store with no records in it. */
    protected abstract IdempotencyStore emptyStore();

    @BeforeEach
    void setUp() {
        store = emptyStore();
    }

    private static IdempotencyRecord record(UserId owner, String key, String fingerprint, String execution, Instant at) {
        return new IdempotencyRecord(owner, key, fingerprint, new ExecutionId(execution), at);
    }

    @Test
    void theFirstRequestIsStoredAndARetryGetsItBack() {
        IdempotencyRecord first = record(ALICE, "k-1", "fp", "e-1", T0);
        assertTrue(store.putIfAbsent(first, T0.minus(DAY)).isEmpty());
        Optional<IdempotencyRecord> retry = store.putIfAbsent(record(ALICE, "k-1", "fp2", "e-2", T0.plusSeconds(5)),
                T0.plusSeconds(5).minus(DAY));
        assertEquals(Optional.of(first), retry);
    }

    @Test
    void aKeyIsFoundHoweverOldAndKeptForGoodWhenNothingIsTooOld() {
        IdempotencyRecord first = record(ALICE, "k-1", "fp", "e-1", T0);
        store.putIfAbsent(first, Instant.EPOCH);
        assertEquals(Optional.of(first), store.find(ALICE, "k-1"));
        assertEquals(Optional.empty(), store.find(BOB, "k-1"));
        assertEquals(Optional.of(first), store.putIfAbsent(record(ALICE, "k-1", "fp2", "e-2",
                T0.plus(Duration.ofDays(400))), Instant.EPOCH), "a year later, still the first");
    }

    @Test
    void keysBelongToTheirOwnerAndCompareExactly() {
        assertTrue(store.putIfAbsent(record(ALICE, "k-1", "fp", "e-1", T0), T0.minus(DAY)).isEmpty());
        assertTrue(store.putIfAbsent(record(BOB, "k-1", "fp", "e-2", T0), T0.minus(DAY)).isEmpty());
        assertTrue(store.putIfAbsent(record(ALICE, "K-1", "fp", "e-3", T0), T0.minus(DAY)).isEmpty());
    }

    @Test
    void anExpiredRecordIsReplaced() {
        store.putIfAbsent(record(ALICE, "k-1", "fp", "e-1", T0), T0.minus(DAY));
        Instant later = T0.plus(DAY).plusSeconds(1);
        IdempotencyRecord fresh = record(ALICE, "k-1", "fp", "e-2", later);
        assertTrue(store.putIfAbsent(fresh, later.minus(DAY)).isEmpty());
        assertEquals(Optional.of(fresh), store.putIfAbsent(record(ALICE, "k-1", "fp", "e-3", later), later.minus(DAY)));
    }

    @Test
    void aLongKeyRoundTrips() {
        String key = "x".repeat(IdempotencyRecord.MAX_KEY_LENGTH - 1) + "键";
        IdempotencyRecord first = record(ALICE, key, "fp", "e-1", T0);
        store.putIfAbsent(first, T0.minus(DAY));
        assertEquals(Optional.of(first), store.putIfAbsent(record(ALICE, key, "fp", "e-9", T0), T0.minus(DAY)));
    }

    @Test
    void ofConcurrentFirstRequestsExactlyOneIsStored() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<IdempotencyRecord>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                results.add(pool.submit(() -> store.putIfAbsent(record(ALICE, "race", "fp", "e-" + n, T0), T0.minus(DAY))));
            }
            int stored = 0;
            for (Future<Optional<IdempotencyRecord>> result : results) {
                stored += result.get().isEmpty() ? 1 : 0;
            }
            assertEquals(1, stored);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aReleasedRecordFreesItsKeyButAReleaseOfAnotherExecutionLeavesTheRecord() {
        IdempotencyRecord failed = record(ALICE, "k-1", "fp", "e-1", T0);
        store.putIfAbsent(failed, T0.minus(DAY));
        store.release(record(ALICE, "k-1", "fp", "e-other", T0));
        assertEquals(Optional.of(failed), store.putIfAbsent(record(ALICE, "k-1", "fp", "e-2", T0), T0.minus(DAY)));

        store.release(failed);
        IdempotencyRecord retry = record(ALICE, "k-1", "fp", "e-3", T0.plusSeconds(1));
        assertTrue(store.putIfAbsent(retry, T0.minus(DAY)).isEmpty());
        assertEquals(Optional.of(retry), store.putIfAbsent(record(ALICE, "k-1", "fp", "e-4", T0), T0.minus(DAY)));
    }

    @Test
    void oldRecordsArePurged() {
        store.putIfAbsent(record(ALICE, "old", "fp", "e-1", T0), T0.minus(DAY));
        store.putIfAbsent(record(ALICE, "new", "fp", "e-2", T0.plusSeconds(10)), T0.minus(DAY));
        assertEquals(1, store.purgeOlderThan(T0.plusSeconds(5)));
        assertTrue(store.putIfAbsent(record(ALICE, "old", "fp", "e-3", T0.plusSeconds(20)), T0.minus(DAY)).isEmpty());
    }
}
