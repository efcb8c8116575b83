package org.astronrpa.openapi.application.robot;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many managed robots' record writes (a connect, a disconnect) run at once; the others wait their turn in memory.
 * A reconnect storm — every desktop of a site coming back after a network cut, thousands of upgrades a second — would
 * otherwise take every database connection of the pool, time out waiting for one (the pool fails fast by design) and
 * refuse most robots with "come back later", which brings them back all at once again. Measured: 10,000 managed robots
 * of one user connecting 64 at a time against MariaDB on 2 cores lost 52 % of their registrations to pool timeouts
 * without this gate (docs/BENCHMARKS.md, issue 13).
 */
public final class RecordWrites {
    /** Well below the default pool of 10: the API keeps connections while robots register. */
    public static final int DEFAULT_PERMITS = 4;
    private final Semaphore permits;

    public RecordWrites(int permits) {
        this.permits = new Semaphore(permits, true);
    }

    /** Runs {@code write} once a permit is free (waiting as long as it takes: the caller is a robot's own thread). */
    <T> T run(Supplier<T> write) {
        permits.acquireUninterruptibly();
        try {
            return write.get();
        } finally {
            permits.release();
        }
    }
}
