package org.astronrpa.openapi.adapters.http;

import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.astronrpa.openapi.application.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open WebSockets ({@code /ws}, {@code /ws/events}) that an API key opened, so that the key stops working for
 * them too (API.md §4): its revocation, heard from any instance, and its expiry close them with 1008. Each is
 * first forgotten by its endpoint (a robot leaves the registry, a watcher its subscription), so that nothing more
 * is sent to it, then closed.
 */
final class KeyBoundSockets {
    static final int POLICY_VIOLATION = 1008;
    static final String REVOKED = "API key revoked";
    static final String EXPIRED = "API key expired";
    static final String CHANGED = "API key changed";
    /** When a watcher's key was about to be read for its upgrade (set by {@link Authentication#attachCaller}). */
    static final String CHECKED_AT_ATTRIBUTE = "rpa.key_checked_at";
    private static final Logger LOG = LoggerFactory.getLogger(KeyBoundSockets.class);
    /** How long a revocation is remembered for a socket whose key was checked just before it. */
    private static final Duration REMEMBERED = Duration.ofMinutes(1);

    /** One open socket, how its endpoint forgets it, and whether a change of its key closes it (watchers). */
    private record Bound(String keyId, WsContext ctx, Runnable forget, boolean closedOnChange) {
    }

    private final Map<String, Bound> bySession = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> expiries = new ConcurrentHashMap<>();
    private final Map<String, Instant> revokedAt = new ConcurrentHashMap<>();
    private final Map<String, Instant> changedAt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ws-key-expiry");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Watches {@code ctx} if {@code caller} came with an API key; {@code forget} runs before it is closed;
     * {@code closedOnChange}: a change of the key closes it too.
     */
    void opened(WsContext ctx, Caller caller, boolean closedOnChange, Runnable forget) {
        if (caller == null || caller.apiKeyId() == null) {
            return;
        }
        bySession.put(ctx.sessionId(), new Bound(caller.apiKeyId(), ctx, forget, closedOnChange));
        if (caller.keyExpiresAt() != null) {
            long delay = Math.max(0, Duration.between(Instant.now(), caller.keyExpiresAt()).toMillis());
            expiries.put(ctx.sessionId(),
                    timers.schedule(() -> close(ctx.sessionId(), EXPIRED), delay, TimeUnit.MILLISECONDS));
        }
        if (revokedAt.containsKey(caller.apiKeyId())) {
            close(ctx.sessionId(), REVOKED); // revoked between the handshake's check and now
        } else if (closedOnChange && changedSinceChecked(ctx, caller.apiKeyId())) {
            close(ctx.sessionId(), CHANGED); // changed after its grant was read, before it was watched here
        }
    }

    private boolean changedSinceChecked(WsContext ctx, String keyId) {
        Instant changed = changedAt.get(keyId);
        Instant checked = ctx.attribute(CHECKED_AT_ATTRIBUTE);
        return changed != null && (checked == null || !changed.isBefore(checked));
    }

    /** The socket closed on its own. */
    void closed(WsContext ctx) {
        bySession.remove(ctx.sessionId());
        cancelExpiry(ctx.sessionId());
    }

    /** Closes every socket of {@code keyId} on this instance. */
    void revoked(String keyId) {
        Instant now = Instant.now();
        revokedAt.put(keyId, now);
        revokedAt.values().removeIf(at -> at.isBefore(now.minus(REMEMBERED)));
        for (Bound bound : List.copyOf(bySession.values())) {
            if (bound.keyId().equals(keyId)) {
                close(bound.ctx().sessionId(), REVOKED);
            }
        }
    }

    /**
     * Closes the sockets of {@code keyId} on this instance that a change closes, and those whose grant was read before
     * the change was heard but which are watched only after it ({@link #opened}). One whose grant was read after the
     * change was heard has the changed grant: the announcement emptied the key cache first.
     */
    void changed(String keyId) {
        Instant now = Instant.now();
        changedAt.put(keyId, now);
        changedAt.values().removeIf(at -> at.isBefore(now.minus(REMEMBERED)));
        for (Bound bound : List.copyOf(bySession.values())) {
            if (bound.keyId().equals(keyId) && bound.closedOnChange()) {
                close(bound.ctx().sessionId(), CHANGED);
            }
        }
    }

    /** The keys that opened the sockets still open here. */
    Set<String> keyIds() {
        return bySession.values().stream().map(Bound::keyId).collect(Collectors.toSet());
    }

    void stop() {
        timers.shutdownNow();
    }

    private void close(String sessionId, String reason) {
        Bound bound = bySession.remove(sessionId);
        cancelExpiry(sessionId);
        if (bound == null) {
            return;
        }
        try {
            bound.forget().run();
        } finally {
            LOG.info("closing a WebSocket opened with API key {}: {}", bound.keyId(), reason);
            try {
                bound.ctx().closeSession(POLICY_VIOLATION, reason);
            } catch (RuntimeException e) {
                LOG.debug("could not close a WebSocket: {}", e.toString());
            }
        }
    }

    private void cancelExpiry(String sessionId) {
        ScheduledFuture<?> expiry = expiries.remove(sessionId);
        if (expiry != null) {
            expiry.cancel(false);
        }
    }
}
