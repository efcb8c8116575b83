package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open MCP sessions and which user each belongs to: the first caller that uses a session owns it, and no other
 * user's key can use it. Tells a user's sessions when that user's tool list changed, and ends their event streams
 * when the service stops.
 */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, UserId> owners = new ConcurrentHashMap<>();
    private final Map<String, McpStreamableServerSession> live = new ConcurrentHashMap<>();
    private final McpStreamableServerTransportProvider transport;
    private volatile boolean closing;

    Sessions(McpStreamableServerTransportProvider transport) {
        this.transport = transport;
    }

    /** The SDK's session factory, keeping each new session at hand. */
    McpStreamableServerSession.Factory tracking(McpStreamableServerSession.Factory factory) {
        return request -> {
            McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(request);
            live.put(init.session().getId(), init.session());
            return init;
        };
    }

    /** Binds the session to the caller on first use; refuses another user's use of it. */
    void admit(String sessionId, UserId caller) {
        if (sessionId == null) {
            return;
        }
        UserId owner = owners.putIfAbsent(sessionId, caller);
        if (owner != null && !owner.equals(caller)) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
                    .message("this MCP session was opened with another user's API key; initialize a session of your own")
                    .build();
        }
    }

    void closed(String sessionId) {
        owners.remove(sessionId);
        live.remove(sessionId);
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

    /** Sends {@code notifications/tools/list_changed} to the user's sessions, off the caller's thread. */
    void toolsChanged(UserId user) {
        owners.forEach((sessionId, owner) -> {
            if (owner.equals(user)) {
                Thread.ofVirtual().name("mcp-list-changed").start(() -> notify(sessionId));
            }
        });
    }

    private void notify(String sessionId) {
        try {
            transport.notifyClient(sessionId, McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED, null)
                    .block(NOTIFY_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debug("tools/list_changed not delivered to session {}: {}", sessionId, e.toString());
        }
    }
}
