package org.astronrpa.openapi.application;

import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.domain.shared.TimeSource;

/** A clock the test moves by hand. */
public final class TestClock implements TimeSource {
    private Instant now = Instant.parse("2026-03-01T08:00:00.000Z");

    @Override
    public synchronized Instant now() {
        return now;
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }
}
