package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open MCP sessions and which user each belongs to: the user whose API key initialized it. {@link CallerFilter}
 * refuses every request that names a session of another user before the SDK sees it. Tells a user's sessions when
 * that user's tool list changed, and ends their event streams when the service stops.
 *
 * <p>How a session gets its owner: the SDK's servlet transport answers {@code initialize} by calling the session
 * factory ({@link #tracking}) on the request's own thread, then puts the new session in its table, then writes the
 * {@code Mcp-Session-Id} header. {@link CallerFilter} runs that request through {@link #opening}, which tells the
 * factory (on the same thread) whose request it is, and the factory records the owner before it returns the
 * session to the SDK. So there is no moment when the session exists, or its id is known to anyone, without an
 * owner. Binding later (at the first request carrying the new id, or after the initialize response) would leave a
 * window in which whoever sends the id first would own the session. A factory call without an opening request
 * (an SDK that started sessions elsewhere) fails, so the initialize fails: no session is ever unowned.
 */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(10);
    /** How much of a session id a log line shows (the id is what lets a client use the session). */
    private static final int LOGGED_ID_LENGTH = 8;

    private final Map<String, UserId> owners = new ConcurrentHashMap<>();
    private final Map<String, McpStreamableServerSession> live = new ConcurrentHashMap<>();
    private final ThreadLocal<UserId> opener = new ThreadLocal<>();
    private final McpStreamableServerTransportProvider transport;
    private volatile boolean closing;

    /** A request handed on to the MCP servlet. */
    @FunctionalInterface
    interface Request {
        void proceed() throws IOException, ServletException;
    }

    Sessions(McpStreamableServerTransportProvider transport) {
        this.transport = transport;
    }

    /** The SDK's session factory, making {@link #opening}'s caller the owner of each new session. */
    McpStreamableServerSession.Factory tracking(McpStreamableServerSession.Factory factory) {
        return request -> {
            UserId owner = opener.get();
            if (owner == null) {
                throw new IllegalStateException("an MCP session can only be opened by an authenticated request");
            }
            McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(request);
            String id = init.session().getId();
            owners.put(id, owner);
            live.put(id, init.session());
            LOG.debug("MCP session {} opened by user {}", logged(id), owner);
            return init;
        };
    }

    /** Runs {@code caller}'s request through the MCP servlet: a session it initializes belongs to {@code caller}. */
    void opening(UserId caller, Request request) throws IOException, ServletException {
        opener.set(caller);
        try {
            request.proceed();
        } finally {
            opener.remove();
        }
    }

    /** Whether {@code caller} may name this session: it is open, and theirs. */
    boolean mayUse(String sessionId, UserId caller) {
        return live.containsKey(sessionId) && caller.equals(owners.get(sessionId));
    }

    /**
     * Hands a client's response to the open session whose request it answers; false when the session has no
     * request waiting with that id.
     */
    boolean answered(String sessionId, McpSchema.JSONRPCResponse response) {
        McpStreamableServerSession session = live.get(sessionId);
        if (session == null) {
            return false;
        }
        try {
            session.accept(response).block(NOTIFY_TIMEOUT);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("a response to session {} answered no request: {}", logged(sessionId), e.getMessage());
            return false;
        }
    }

    /** Whether the session is open (whoever owns it). */
    boolean isOpen(String sessionId) {
        return live.containsKey(sessionId);
    }

    /** Whether the session is open and {@code caller}'s (for the tool handlers, behind the filter's check). */
    boolean owns(String sessionId, UserId caller) {
        return sessionId != null && live.containsKey(sessionId) && caller.equals(owners.get(sessionId));
    }

    /**
     * Forgets a closed session. The SDK drops it from its own table just after this, but requests naming it are
     * answered 404 by the filter from now on, before they reach the SDK.
     */
    void closed(String sessionId) {
        live.remove(sessionId);
        owners.remove(sessionId);
    }

    /**
     * Ends every session's listening stream (the client's long {@code GET}) and refuses new ones, so that a graceful
     * stop waits for tool calls only; the sessions themselves close with the servlet.
     */
    void endListeningStreams() {
        closing = true;
        live.values().forEach(McpStreamableServerSession::releaseListeningStream);
    }

    boolean closing() {
        return closing;
    }

    /** Sends {@code notifications/tools/list_changed} to the user's open sessions, off the caller's thread. */
    void toolsChanged(UserId user) {
        owners.forEach((sessionId, owner) -> {
            if (owner.equals(user) && live.containsKey(sessionId)) {
                Thread.ofVirtual().name("mcp-list-changed").start(() -> notify(sessionId));
            }
        });
    }

    /** The start of a session id, enough to tell sessions apart in a log and too little to use one. */
    static String logged(String sessionId) {
        if (sessionId == null) {
            return "-";
        }
        boolean cut = sessionId.length() > LOGGED_ID_LENGTH;
        String start = (cut ? sessionId.substring(0, LOGGED_ID_LENGTH) : sessionId).replaceAll("[^A-Za-z0-9._-]", "?");
        return cut ? start + "…" : start;
    }

    private void notify(String sessionId) {
        try {
            transport.notifyClient(sessionId, McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED, null)
                    .block(NOTIFY_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debug("tools/list_changed not delivered to session {}: {}", logged(sessionId), e.toString());
        }
    }
}
