package org.astronrpa.openapi.adapters.redis;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs Redis failures without flooding the log during an outage: the first one at WARN, then at most one
 * every ten seconds with the count of those left out.
 */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger("org.astronrpa.openapi.adapters.redis");
    private static final long EVERY_NANOS = 10_000_000_000L;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - EVERY_NANOS);
    private final AtomicLong skipped = new AtomicLong();

    void report(String what, Throwable failure) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            long left = skipped.getAndSet(0);
            LOG.warn("Redis: {} failed ({}){}; going on without it", what, failure.toString(),
                    left == 0 ? "" : ", and " + left + " other Redis operations since the last report");
        } else {
            skipped.incrementAndGet();
        }
    }

    /** Sends a command without waiting for it; a failure (now or later) is only reported. */
    void quietly(String what, java.util.function.Supplier<? extends io.lettuce.core.RedisFuture<?>> command) {
        quietly(what, command, () -> { });
    }

    /** The same, running {@code onFailure} when the command fails. */
    void quietly(String what, java.util.function.Supplier<? extends io.lettuce.core.RedisFuture<?>> command,
                 Runnable onFailure) {
        try {
            command.get().exceptionally(failure -> {
                onFailure.run();
                report(what, failure);
                return null;
            });
        } catch (RuntimeException e) {
            onFailure.run();
            report(what, e);
        }
    }
}
