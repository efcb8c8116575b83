package org.astronrpa.openapi.adapters.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SessionsTest {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final McpSchema.InitializeRequest INITIALIZE = new McpSchema.InitializeRequest("2025-06-18",
            McpSchema.ClientCapabilities.builder().build(), new McpSchema.Implementation("test", "1"));

    private final List<String> started = new CopyOnWriteArrayList<>();
    private final Sessions sessions = new Sessions(null);
    private final McpStreamableServerSession.Factory factory = sessions.tracking(request -> {
        String id = "session-" + (started.size() + 1) + "-0123456789";
        started.add(id);
        return new McpStreamableServerSession.McpStreamableServerSessionInit(new McpStreamableServerSession(id,
                request.capabilities(), request.clientInfo(), Duration.ofSeconds(1), Map.of(), Map.of()),
                Mono.empty());
    });

    private String openedBy(UserId caller) throws Exception {
        String[] id = new String[1];
        sessions.opening(caller, () -> id[0] = factory.startSession(INITIALIZE).session().getId());
        return id[0];
    }

    @Test
    void aSessionBelongsToTheCallerWhoseRequestOpenedItFromTheStart() throws Exception {
        String alices = openedBy(ALICE);

        assertTrue(sessions.owns(alices, ALICE));
        assertTrue(sessions.mayUse(alices, ALICE));
        assertFalse(sessions.mayUse(alices, BOB), "never used yet, and already not bob's");
        assertFalse(sessions.owns(alices, BOB));
        assertFalse(sessions.mayUse("no-such-session", BOB), "an unknown session is answered 404 by the filter");
        assertFalse(sessions.owns("no-such-session", BOB));
    }

    @Test
    void noSessionOpensOutsideAnAuthenticatedRequest() throws Exception {
        assertThrows(IllegalStateException.class, () -> factory.startSession(INITIALIZE));
        assertEquals(List.of(), started, "the SDK's factory was not even asked");

        assertThrows(IllegalStateException.class, () -> sessions.opening(ALICE, () -> {
            throw new IllegalStateException("the servlet failed");
        }));
        assertThrows(IllegalStateException.class, () -> factory.startSession(INITIALIZE),
                "the caller of a finished request is forgotten, even when it failed");
    }

    @Test
    void aClosedSessionIsNoLongerUsableByAnyone() throws Exception {
        String alices = openedBy(ALICE);

        sessions.closed(alices);

        assertFalse(sessions.owns(alices, ALICE));
        assertFalse(sessions.isOpen(alices));
        assertFalse(sessions.mayUse(alices, BOB));
        assertFalse(sessions.mayUse(alices, ALICE), "the filter answers alice 404 too: the session ended");
    }

    @Test
    void logsShowOnlyTheStartOfASessionId() {
        assertEquals("0d3b5c1e…", Sessions.logged("0d3b5c1e-7f42-4c55-9a2b-1f6e2d9c8a77"));
        assertEquals("-", Sessions.logged(null));
        assertEquals("a?b", Sessions.logged("a\nb"));
    }
}
