package org.astronrpa.openapi.adapters.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open MCP sessions: which user each belongs to (the user whose API key initialized it), with which key, and
 * when it was last used. {@link CallerFilter} refuses every request that names a session of another user, or one
 * that is not open, before the SDK sees it. Bounds them: at most {@code maxPerKey} open sessions per API key, and a
 * session without a request or an open stream for {@code idle} is closed. An {@code initialize} of a key at its cap
 * closes the key's least recently used session that is idle right now (no request under way, no open stream) and
 * takes its place; only when every one of them is busy is it refused. Clients that never end their sessions (the
 * official TypeScript SDK's client opens one per operation and sends no {@code DELETE}) thus keep working. Tells a
 * user's sessions when that user's tool list changed, and ends their event streams when the service stops.
 *
 * <p>How a session gets its owner: the SDK's servlet transport answers {@code initialize} by calling the session
 * factory ({@link #tracking}) on the request's own thread, then puts the new session in its table, then writes the
 * {@code Mcp-Session-Id} header. {@link CallerFilter} runs that request through {@link #opening}, which reserves a
 * place under the key's cap and tells the factory (on the same thread) whose request it is, and the factory records
 * the owner before it returns the session to the SDK. So there is no moment when the session exists, or its id is
 * known to anyone, without an owner. Binding later (at the first request carrying the new id, or after the
 * initialize response) would leave a window in which whoever sends the id first would own the session. A factory
 * call without an opening request (an SDK that started sessions elsewhere) fails, so the initialize fails: no
 * session is ever unowned.
 *
 * <p>An expired session is closed here (its close callback lands in {@link #closed}); the SDK drops it from its own
 * table at its next sweep of sessions without requests, which {@code McpToolServer} runs every two idle periods.
 */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(10);
    /** How much of a session id a log line shows (the id is what lets a client use the session). */
    private static final int LOGGED_ID_LENGTH = 8;

    private final Map<String, Entry> open = new ConcurrentHashMap<>();
    /** Per API key: its open sessions plus the {@code initialize} requests under way that reserved a place. */
    private final Map<String, Integer> perKey = new ConcurrentHashMap<>();
    private final ThreadLocal<Opening> opener = new ThreadLocal<>();
    private final McpStreamableServerTransportProvider transport;
    private final long idleNanos;
    private final int maxPerKey;
    private final LongSupplier nanoTime;
    private ScheduledExecutorService sweeper;
    private volatile boolean closing;

    /** A request handed on to the MCP servlet. */
    @FunctionalInterface
    interface Request {
        void proceed() throws IOException, ServletException;
    }

    /**
     * An open session: whose, under which key, when it was last used ({@link #nanoTime}), how many requests are under
     * way in it. Whether it may be closed is decided under its lock, so that a request that was let in is never cut
     * off by an expiry or an eviction deciding at the same moment.
     */
    private static final class Entry {
        final UserId owner;
        final String key;
        final McpStreamableServerSession session;
        volatile long lastUsed;
        private int requests;
        private boolean closed;

        Entry(UserId owner, String key, McpStreamableServerSession session, long now) {
            this.owner = owner;
            this.key = key;
            this.session = session;
            this.lastUsed = now;
        }

        /** A request begins in it; false when it was closed meanwhile. */
        synchronized boolean enter(long now) {
            if (closed) {
                return false;
            }
            requests++;
            lastUsed = now;
            return true;
        }

        synchronized void leave(long now) {
            requests = Math.max(0, requests - 1);
            lastUsed = now;
        }

        /** No request under way and no open stream (a listening {@code GET}, a response being streamed). */
        synchronized boolean idle() {
            return requests == 0 && !session.hasOpenStream();
        }

        /** Marks it closed when it is idle and {@code also} holds; true when this call closed it. */
        synchronized boolean closeIfIdle(Predicate<Entry> also) {
            if (closed || !idle() || !also.test(this)) {
                return false;
            }
            closed = true;
            return true;
        }
    }

    /** The request running through {@link #opening} on this thread; {@code reserved} for an initialize. */
    private static final class Opening {
        final UserId owner;
        final String key;
        final boolean reserved;
        boolean used;

        Opening(UserId owner, String key, boolean reserved) {
            this.owner = owner;
            this.key = key;
            this.reserved = reserved;
        }
    }

    Sessions(McpStreamableServerTransportProvider transport, Duration idle, int maxPerKey, LongSupplier nanoTime) {
        if (idle.isZero() || idle.isNegative() || maxPerKey < 1) {
            throw new IllegalArgumentException("the idle time and the cap of sessions must be positive");
        }
        this.transport = transport;
        this.idleNanos = idle.toNanos();
        this.maxPerKey = maxPerKey;
        this.nanoTime = nanoTime;
    }

    /**
     * Closes idle sessions from now on, every tenth of the idle time (at least every 30 s): a session is closed at
     * most that long after its idle time ran out (a request naming it in between is refused already).
     */
    synchronized void startSweeping() {
        if (sweeper == null) {
            long period = Math.clamp(idleNanos / 10, TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(30));
            sweeper = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("mcp-session-sweeper").factory());
            sweeper.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.NANOSECONDS);
        }
    }

    synchronized void stopSweeping() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    /** The SDK's session factory, making {@link #opening}'s caller the owner of each new session. */
    McpStreamableServerSession.Factory tracking(McpStreamableServerSession.Factory factory) {
        return request -> {
            Opening opening = opener.get();
            if (opening == null || !opening.reserved || opening.used) {
                throw new IllegalStateException("an MCP session can only be opened by an authenticated initialize");
            }
            McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(request);
            String id = init.session().getId();
            open.put(id, new Entry(opening.owner, opening.key, init.session(), nanoTime.getAsLong()));
            opening.used = true;
            LOG.debug("MCP session {} opened by user {}", logged(id), opening.owner);
            return init;
        };
    }

    /**
     * Runs {@code caller}'s request through the MCP servlet: a session an {@code initialize} opens belongs to
     * {@code caller} and counts against {@code key}'s cap (an idle session of the key's is closed for it when the key
     * is at its cap). False, without running it, when an initialize finds the key at its cap with every session busy.
     */
    boolean opening(UserId caller, String key, boolean initialize, Request request)
            throws IOException, ServletException {
        if (initialize && !reserve(key)) {
            return false;
        }
        Opening opening = new Opening(caller, key, initialize);
        opener.set(opening);
        try {
            request.proceed();
        } finally {
            opener.remove();
            if (opening.reserved && !opening.used) {
                release(key);
            }
        }
        return true;
    }

    /** The most sessions one key may have open. */
    int maxPerKey() {
        return maxPerKey;
    }

    /**
     * Whether {@code caller} may name this session: it is open, theirs and not idle past its time (an expired one
     * is closed now). If so a request of theirs is under way in it from now until {@link #done}: the session is
     * busy, and no initialize takes its place.
     */
    boolean use(String sessionId, UserId caller) {
        Entry entry = open.get(sessionId);
        if (entry == null || !entry.owner.equals(caller)) {
            return false;
        }
        long now = nanoTime.getAsLong();
        if (expired(entry, now)) {
            expire(sessionId, entry);
            return false;
        }
        return entry.enter(now);
    }

    /** The request that {@link #use} let in has been answered (its stream, if any, counts on its own). */
    void done(String sessionId) {
        Entry entry = open.get(sessionId);
        if (entry != null) {
            entry.leave(nanoTime.getAsLong());
        }
    }

    /** Whether the session is open (whoever owns it). */
    boolean isOpen(String sessionId) {
        return open.containsKey(sessionId);
    }

    /** Whether the session is open and {@code caller}'s (for the tool handlers, behind the filter's check). */
    boolean owns(String sessionId, UserId caller) {
        Entry entry = sessionId == null ? null : open.get(sessionId);
        return entry != null && entry.owner.equals(caller);
    }

    /** How many sessions are open. */
    int count() {
        return open.size();
    }

    /**
     * Hands a client's response to the open session whose request it answers; false when the session has no
     * request waiting with that id.
     */
    boolean answered(String sessionId, McpSchema.JSONRPCResponse response) {
        Entry entry = open.get(sessionId);
        if (entry == null) {
            return false;
        }
        try {
            entry.session.accept(response).block(NOTIFY_TIMEOUT);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("a response to session {} answered no request: {}", logged(sessionId), e.getMessage());
            return false;
        }
    }

    /**
     * Forgets a closed session (the SDK's close callback: a {@code DELETE}, an expiry, the stop). The SDK drops it
     * from its own table later, but requests naming it are answered 404 by the filter from now on.
     */
    void closed(String sessionId) {
        Entry entry = open.remove(sessionId);
        if (entry != null) {
            release(entry.key);
        }
    }

    /** Closes every session idle past its time; one with an open stream (a listening GET, a call) is in use. */
    void sweep() {
        sweep(entry -> true);
    }

    /**
     * Ends every session's listening stream (the client's long {@code GET}) and refuses new ones, so that a graceful
     * stop waits for tool calls only; the sessions themselves close with the servlet.
     */
    void endListeningStreams() {
        closing = true;
        open.values().forEach(entry -> entry.session.releaseListeningStream());
    }

    boolean closing() {
        return closing;
    }

    /** Sends {@code notifications/tools/list_changed} to the user's open sessions, off the caller's thread. */
    void toolsChanged(UserId user) {
        open.forEach((sessionId, entry) -> {
            if (entry.owner.equals(user)) {
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

    /**
     * A place under {@code key}'s cap. When it is full, the key's sessions idle past their time are closed, then its
     * least recently used session that is idle right now, one at a time until a place is free; false when every one
     * of its sessions is busy (or is an initialize under way).
     */
    private boolean reserve(String key) {
        if (tryReserve(key)) {
            return true;
        }
        sweep(entry -> entry.key.equals(key));
        while (!tryReserve(key)) {
            if (!evictLeastRecentlyUsed(key)) {
                return false;
            }
        }
        return true;
    }

    /** Closes {@code key}'s least recently used idle session; false when it has none. */
    private boolean evictLeastRecentlyUsed(String key) {
        while (true) {
            Map.Entry<String, Entry> oldest = null;
            for (Map.Entry<String, Entry> candidate : open.entrySet()) {
                Entry entry = candidate.getValue();
                if (entry.key.equals(key) && entry.idle()
                        && (oldest == null || entry.lastUsed - oldest.getValue().lastUsed < 0)) {
                    oldest = candidate;
                }
            }
            if (oldest == null) {
                return false;
            }
            // a request may have entered it since it was picked: then it is busy, and the next one is tried
            if (oldest.getValue().closeIfIdle(entry -> true)) {
                close(oldest.getKey(), oldest.getValue(), true, "closed for a new session (the API key was at its cap of "
                        + maxPerKey + "; this one was its least recently used idle session)");
                return true;
            }
        }
    }

    private boolean tryReserve(String key) {
        boolean[] reserved = {false};
        perKey.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            reserved[0] = now < maxPerKey;
            return reserved[0] ? now + 1 : now;
        });
        return reserved[0];
    }

    private void release(String key) {
        perKey.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }

    private void sweep(Predicate<Entry> which) {
        long now = nanoTime.getAsLong();
        open.forEach((sessionId, entry) -> {
            if (!which.test(entry)) {
                return;
            }
            if (!entry.idle()) {
                entry.lastUsed = now;
            } else if (expired(entry, now)) {
                expire(sessionId, entry);
            }
        });
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("sweeping idle MCP sessions failed: {}", e.toString());
        }
    }

    private boolean expired(Entry entry, long now) {
        return now - entry.lastUsed > idleNanos && entry.idle();
    }

    /** Closes an expired session, unless a request entered it meanwhile. */
    private void expire(String sessionId, Entry entry) {
        if (entry.closeIfIdle(e -> nanoTime.getAsLong() - e.lastUsed > idleNanos)) {
            close(sessionId, entry, false, "expired (idle)");
        }
    }

    /** Closes a session marked closed: its id is refused (404) from now on, and its place under the cap is free. */
    private void close(String sessionId, Entry entry, boolean evicted, String why) {
        if (open.remove(sessionId, entry)) {
            release(entry.key);
            if (evicted) {
                // INFO: the sign of a client that never ends its sessions (one initialize per operation, no DELETE)
                LOG.info("MCP session {} of user {} {}", logged(sessionId), entry.owner, why);
            } else {
                LOG.debug("MCP session {} of user {} {}", logged(sessionId), entry.owner, why);
            }
            entry.session.closeGracefully().onErrorComplete().subscribe();
        }
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
