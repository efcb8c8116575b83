package org.astronrpa.openapi.adapters.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SessionsTest {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final McpSchema.InitializeRequest INITIALIZE = new McpSchema.InitializeRequest("2025-06-18",
            McpSchema.ClientCapabilities.builder().build(), new McpSchema.Implementation("test", "1"));

    private static final Duration IDLE = Duration.ofSeconds(10);

    private final List<String> started = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private final Sessions sessions = new Sessions(null, IDLE, 2, clock::get);
    private final McpStreamableServerSession.Factory factory = sessions.tracking(request -> {
        String id = "session-" + (started.size() + 1) + "-0123456789";
        started.add(id);
        return new McpStreamableServerSession.McpStreamableServerSessionInit(new McpStreamableServerSession(id,
                request.capabilities(), request.clientInfo(), Duration.ofSeconds(1), Map.of(), Map.of()),
                Mono.empty());
    });

    /** The id of the session {@code caller} opened with {@code key}, or null when the key was at its cap. */
    private String openedBy(UserId caller, String key) throws Exception {
        String[] id = new String[1];
        boolean admitted = sessions.opening(caller, key, true,
                () -> id[0] = factory.startSession(INITIALIZE).session().getId());
        assertEquals(admitted, id[0] != null);
        return id[0];
    }

    private String openedBy(UserId caller) throws Exception {
        return openedBy(caller, "key-of-" + caller.value());
    }

    private void pass(Duration time) {
        clock.addAndGet(time.toNanos());
    }

    @Test
    void aSessionBelongsToTheCallerWhoseRequestOpenedItFromTheStart() throws Exception {
        String alices = openedBy(ALICE);

        assertTrue(sessions.owns(alices, ALICE));
        assertTrue(sessions.use(alices, ALICE));
        assertFalse(sessions.use(alices, BOB), "never used yet, and already not bob's");
        assertFalse(sessions.owns(alices, BOB));
        assertFalse(sessions.use("no-such-session", BOB), "an unknown session is answered 404 by the filter");
        assertFalse(sessions.owns("no-such-session", BOB));
    }

    @Test
    void noSessionOpensOutsideAnAuthenticatedRequest() throws Exception {
        assertThrows(IllegalStateException.class, () -> factory.startSession(INITIALIZE));
        assertEquals(List.of(), started, "the SDK's factory was not even asked");

        assertThrows(IllegalStateException.class, () -> sessions.opening(ALICE, "k", true, () -> {
            throw new IllegalStateException("the servlet failed");
        }));
        sessions.opening(ALICE, "k", false, () -> assertThrows(IllegalStateException.class,
                () -> factory.startSession(INITIALIZE), "a request that is no initialize opens no session"));
        assertThrows(IllegalStateException.class, () -> factory.startSession(INITIALIZE),
                "the caller of a finished request is forgotten, even when it failed");
    }

    @Test
    void aClosedSessionIsNoLongerUsableByAnyone() throws Exception {
        String alices = openedBy(ALICE);

        sessions.closed(alices);

        assertFalse(sessions.owns(alices, ALICE));
        assertFalse(sessions.isOpen(alices));
        assertFalse(sessions.use(alices, BOB));
        assertFalse(sessions.use(alices, ALICE), "the filter answers alice 404 too: the session ended");
    }

    @Test
    void aKeyOpensAtMostItsCapOfSessionsAndAnEndedOneFreesAPlace() throws Exception {
        String first = openedBy(ALICE, "k1");
        openedBy(ALICE, "k1");

        assertNull(openedBy(ALICE, "k1"), "the third session of k1");
        assertEquals(2, started.size(), "the SDK was not asked for a refused one");
        assertNotNull(openedBy(ALICE, "k2"), "another key of the same user");
        assertNotNull(openedBy(BOB, "k3"));

        sessions.closed(first);
        assertNotNull(openedBy(ALICE, "k1"));
        assertNull(openedBy(ALICE, "k1"));
        assertEquals(4, sessions.count());
    }

    @Test
    void aFailedInitializeGivesItsPlaceBack() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThrows(IllegalStateException.class, () -> sessions.opening(ALICE, "k1", true, () -> {
                throw new IllegalStateException("the servlet failed before the session was made");
            }));
        }
        assertNotNull(openedBy(ALICE, "k1"));
        assertNotNull(openedBy(ALICE, "k1"));
    }

    @Test
    void aSessionIdlePastItsTimeIsClosedAtItsNextUseOrByTheSweepAndFreesItsPlace() throws Exception {
        String used = openedBy(ALICE, "k1");
        String idle = openedBy(ALICE, "k1");

        pass(IDLE.minusSeconds(1));
        assertTrue(sessions.use(used, ALICE));
        pass(Duration.ofSeconds(2));
        sessions.sweep();

        assertTrue(sessions.isOpen(used), "used a second ago");
        assertFalse(sessions.isOpen(idle), "idle for 11 s");
        assertFalse(sessions.use(idle, ALICE));
        assertNotNull(openedBy(ALICE, "k1"), "the idle one's place is free");

        pass(IDLE.plusMillis(1));
        assertFalse(sessions.use(used, ALICE), "expired at its next use, before any sweep");
        assertEquals(1, sessions.count());
    }

    @Test
    void aKeyAtItsCapGetsThePlaceOfItsOwnExpiredSessionAtOnce() throws Exception {
        openedBy(ALICE, "k1");
        openedBy(ALICE, "k1");
        pass(IDLE.plusSeconds(1));

        assertNotNull(openedBy(ALICE, "k1"), "no wait for the sweep");
        assertEquals(1, sessions.count());
    }

    @Test
    void logsShowOnlyTheStartOfASessionId() {
        assertEquals("0d3b5c1e…", Sessions.logged("0d3b5c1e-7f42-4c55-9a2b-1f6e2d9c8a77"));
        assertEquals("-", Sessions.logged(null));
        assertEquals("a?b", Sessions.logged("a\nb"));
    }
}
