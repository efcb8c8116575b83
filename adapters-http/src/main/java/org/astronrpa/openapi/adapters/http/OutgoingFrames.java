package org.astronrpa.openapi.adapters.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket's way out. Jetty queues what it cannot write yet without a bound, so a peer that never reads
 * would fill the heap: every text frame is counted here until Jetty says it left (or failed), and a send that
 * would take the connection past {@link WsQueueSettings} ends it instead — closed with 1008, and, since a peer that
 * does not read cannot receive the close frame either, cut off {@link #CLOSE_GRACE_MS} later, which makes Jetty
 * drop what it still holds. {@code onGone} runs once, at once, so the connection is forgotten before its close.
 */
final class OutgoingFrames {
    private static final Logger LOG = LoggerFactory.getLogger(OutgoingFrames.class);
    /** How long a closing connection may take to send its close frame before its TCP connection is cut. */
    static final long CLOSE_GRACE_MS = 1_000;
    static final int OVERFLOW_CLOSE_CODE = 1008;

    private final Session session;
    private final WsQueueSettings limits;
    private final String name;
    private final Runnable onGone;
    private final AtomicBoolean gone = new AtomicBoolean();
    private int frames;
    private long bytes;

    OutgoingFrames(Session session, WsQueueSettings limits, String name, Runnable onGone) {
        this.session = session;
        this.limits = limits;
        this.name = name;
        this.onGone = onGone;
    }

    /**
     * Queues a text frame.
     *
     * @return false when it certainly was not sent: the connection is gone, or this frame would have taken its
     *         queue past the limits (the connection is then ended)
     */
    boolean send(String text) {
        return send(text, null);
    }

    /** Queues a text frame as {@link #send(String)} does; {@code failed} (if any) runs if Jetty then fails to write it. */
    boolean send(String text, Runnable failed) {
        if (gone.get() || !session.isOpen()) {
            return false;
        }
        long size = Utf8.length(text);
        if (!reserve(size)) {
            overflow();
            return false;
        }
        try {
            session.sendText(text, Callback.from(() -> sent(size), failure -> {
                sent(size);
                if (failed != null) {
                    Thread.ofVirtual().name("ws-send-failed").start(failed);   // off Jetty's thread: it may use the database
                }
            }));
        } catch (RuntimeException closedMeanwhile) {
            sent(size);
            return false;
        }
        return true;
    }

    /** Whether the connection was ended or forgotten: nothing more goes out on it. */
    boolean isGone() {
        return gone.get() || !session.isOpen();
    }

    /** The connection closed (or is being forgotten): later sends report that they were not sent. */
    void markGone() {
        gone.set(true);
    }

    /** Closes with {@code code}; a peer that does not take the close frame within the grace is cut off. */
    void close(int code, String reason) {
        try {
            session.close(code, reason, Callback.NOOP);
        } catch (RuntimeException e) {
            LOG.debug("could not close {}: {}", name, e.toString());
        }
        CompletableFuture.delayedExecutor(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS).execute(() -> {
            if (session.isOpen() || queuedFrames() > 0) {
                session.disconnect();
            }
        });
    }

    synchronized int queuedFrames() {
        return frames;
    }

    /** Counts the frame in, unless it would take the queue past the limits. */
    private synchronized boolean reserve(long size) {
        // a single frame larger than the byte limit still goes out when nothing else waits
        if (frames >= limits.maxQueuedFrames() || (frames > 0 && bytes + size > limits.maxQueuedBytes())) {
            return false;
        }
        frames++;
        bytes += size;
        return true;
    }

    private synchronized void sent(long size) {
        frames--;
        bytes -= size;
    }

    private void overflow() {
        if (!gone.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("{} does not read what it is sent ({} frames queued): closing it", name, queuedFrames());
        onGone.run();
        close(OVERFLOW_CLOSE_CODE, "the client does not read what it is sent");
    }
}
