package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Actions after a commit: what the outbox's writers use to nudge the relay once their rows are visible. */
class H2TransactionsTest {
    private static final Instant T0 = Instant.parse("2026-04-01T12:00:00Z");
    @TempDir
    Path dataDir;
    private Database database;

    @BeforeEach
    void open() {
        database = Database.open(PersistenceConfig.embedded(dataDir));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anActionAfterTheCommitSeesWhatTheTransactionWroteFromAnotherConnection() {
        List<Long> seen = new ArrayList<>();
        database.transactions().atomically(() -> {
            database.outbox().append(List.of(new ApiKeyEvent.Created("ev-1", "k-1", new UserId("alice"), T0)));
            database.transactions().atomically(() -> {   // a nested unit of work defers to the outermost commit
                database.transactions().afterCommit(() -> seen.add(depthElsewhere()));
                return null;
            });
            database.transactions().afterCommit(() -> seen.add(depthElsewhere()));
            return null;
        });
        assertEquals(List.of(1L, 1L), seen);
    }

    @Test
    void actionsAfterTheCommitRunInTheOrderTheyWereAskedFor() {
        // ExecutionChanges relies on it: what must hold before a change is heard is asked for before the events'
        // hand-over to the relay
        List<String> ran = new ArrayList<>();
        database.transactions().atomically(() -> {
            database.transactions().afterCommit(() -> ran.add("first"));
            database.transactions().atomically(() -> {
                database.transactions().afterCommit(() -> ran.add("second"));
                return null;
            });
            database.transactions().afterCommit(() -> ran.add("third"));
            return null;
        });
        assertEquals(List.of("first", "second", "third"), ran);
    }

    @Test
    void noActionRunsAfterARollback() {
        List<String> ran = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> database.transactions().atomically(() -> {
            database.transactions().afterCommit(() -> ran.add("after"));
            throw new IllegalStateException("the change failed");
        }));
        assertEquals(List.of(), ran);
        database.transactions().afterCommit(() -> ran.add("at once"));
        assertEquals(List.of("at once"), ran, "outside a transaction the action runs at once");
    }

    private long depthElsewhere() {
        // a new thread has no transaction of its own: it reads on a connection of its own
        long[] depth = new long[1];
        Thread reader = Thread.ofPlatform().start(() -> depth[0] = database.outbox().backlog().depth());
        try {
            reader.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return depth[0];
    }
}
