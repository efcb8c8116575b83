package org.astronrpa.openapi.domain.contract;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what an implementation may deliver asynchronously (over a network, on another thread). */
public final class Await {
    /** Long enough for a loaded machine, short enough that a broken implementation fails quickly. */
    public static final Duration PATIENCE = Duration.ofSeconds(5);

    private Await() {
    }

    /** Polls {@code condition} until it holds, failing with {@code what} after {@link #PATIENCE}. */
    public static void until(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + PATIENCE.toSeconds() + " s: " + what);
            }
            pause(Duration.ofMillis(10));
        }
    }

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
