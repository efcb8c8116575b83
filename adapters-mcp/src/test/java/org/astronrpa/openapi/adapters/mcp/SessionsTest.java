package org.astronrpa.openapi.adapters.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<String, McpStreamableServerSession> made = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final Sessions sessions = new Sessions(null, IDLE, 2, clock::get);
    private final McpStreamableServerSession.Factory factory = sessions.tracking(request -> {
        String id = "session-" + (started.size() + 1) + "-0123456789";
        started.add(id);
        McpStreamableServerSession session = new McpStreamableServerSession(id, request.capabilities(),
                request.clientInfo(), Duration.ofSeconds(1), Map.of(), Map.of());
        made.put(id, session);
        return new McpStreamableServerSession.McpStreamableServerSessionInit(session, Mono.empty());
    });

    /** A client's listening {@code GET} stream opened on the session, as the SDK's servlet opens it. */
    private void listenOn(String sessionId) {
        made.get(sessionId).listeningStream(new McpStreamableServerTransport() {
            @Override
            public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
                return Mono.empty();
            }

            @Override
            public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
                return Mono.empty();
            }

            @Override
            public Mono<Void> closeGracefully() {
                return Mono.empty();
            }

            @Override
            public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
                return null;
            }
        });
    }

    /** A whole request in the session: in, answered, out. */
    private boolean request(String sessionId, UserId caller) {
        boolean admitted = sessions.use(sessionId, caller);
        if (admitted) {
            sessions.done(sessionId);
        }
        return admitted;
    }

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
        assertTrue(request(alices, ALICE));
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
    void aKeyWhoseSessionsAreAllBusyOpensNoMoreAndAnEndedOneFreesAPlace() throws Exception {
        String first = openedBy(ALICE, "k1");
        String second = openedBy(ALICE, "k1");
        assertTrue(sessions.use(first, ALICE), "a request under way");
        listenOn(second);

        assertNull(openedBy(ALICE, "k1"), "the third session of k1");
        assertEquals(2, started.size(), "the SDK was not asked for a refused one");
        assertTrue(sessions.isOpen(first));
        assertTrue(sessions.isOpen(second));
        assertNotNull(openedBy(ALICE, "k2"), "another key of the same user");
        assertNotNull(openedBy(BOB, "k3"));

        sessions.closed(first);
        String third = openedBy(ALICE, "k1");
        assertNotNull(third);
        assertTrue(sessions.use(third, ALICE));
        assertNull(openedBy(ALICE, "k1"));
        assertEquals(4, sessions.count());
    }

    @Test
    void atItsCapAKeysInitializeClosesItsLeastRecentlyUsedIdleSessionForTheNewOne() throws Exception {
        String bobs = openedBy(BOB, "k2");
        pass(Duration.ofSeconds(1));
        String older = openedBy(ALICE, "k1");
        pass(Duration.ofSeconds(1));
        String newer = openedBy(ALICE, "k1");
        pass(Duration.ofSeconds(1));
        assertTrue(request(older, ALICE), "used last: now the more recently used one");

        String opened = openedBy(ALICE, "k1");

        assertNotNull(opened, "admitted at the cap");
        assertFalse(sessions.isOpen(newer), "the least recently used of k1's");
        assertFalse(sessions.use(newer, ALICE), "its id is not found (404) from now on, as an expired one's");
        assertTrue(request(older, ALICE));
        assertTrue(sessions.isOpen(bobs), "another key's session, older still, is not k1's to close");
        assertEquals(3, sessions.count());
    }

    @Test
    void aLeastRecentlyUsedSessionWithAListeningStreamIsNotClosedForANewOne() throws Exception {
        String listening = openedBy(ALICE, "k1");
        pass(Duration.ofSeconds(1));
        String idle = openedBy(ALICE, "k1");
        listenOn(listening);

        assertNotNull(openedBy(ALICE, "k1"));

        assertTrue(sessions.isOpen(listening), "the least recently used, but its client listens");
        assertFalse(sessions.isOpen(idle));
    }

    @Test
    void aLeastRecentlyUsedSessionWithARequestUnderWayIsNotClosedForANewOne() throws Exception {
        String calling = openedBy(ALICE, "k1");
        assertTrue(sessions.use(calling, ALICE), "a long call: in, not answered yet");
        pass(Duration.ofSeconds(1));
        String idle = openedBy(ALICE, "k1");

        assertNotNull(openedBy(ALICE, "k1"));

        assertTrue(sessions.isOpen(calling), "the least recently used, but its call is under way");
        assertFalse(sessions.isOpen(idle));
    }

    @Test
    void aKeyWithEveryOneOfItsSessionsBusyIsRefusedUntilOneIsIdleAgain() throws Exception {
        String listening = openedBy(ALICE, "k1");
        pass(Duration.ofSeconds(1));
        String calling = openedBy(ALICE, "k1");
        listenOn(listening);
        assertTrue(sessions.use(calling, ALICE));

        assertNull(openedBy(ALICE, "k1"), "both busy");
        assertTrue(sessions.isOpen(listening));
        assertTrue(sessions.isOpen(calling));

        pass(Duration.ofSeconds(1));
        sessions.done(calling);
        assertNotNull(openedBy(ALICE, "k1"), "the call was answered: its session is idle now");
        assertFalse(sessions.isOpen(calling));
        assertTrue(sessions.isOpen(listening), "though the least recently used, still listening");
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
        assertTrue(request(used, ALICE));
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
    void aSessionWithARequestUnderWayDoesNotExpireUntilTheRequestIsAnswered() throws Exception {
        String calling = openedBy(ALICE, "k1");
        assertTrue(sessions.use(calling, ALICE));
        pass(IDLE.plusSeconds(1));
        sessions.sweep();
        assertTrue(sessions.isOpen(calling), "its call is under way");

        sessions.done(calling);
        pass(IDLE.plusSeconds(1));
        sessions.sweep();
        assertFalse(sessions.isOpen(calling), "idle since its call was answered");
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
