package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.domain.shared.JobLeases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobLeases} must do; subclassed once per adapter. */
public abstract class JobLeasesContract {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00.125Z");
    private static final Duration TTL = Duration.ofMinutes(2);
    private JobLeases leases;

    /** Leases of no job. */
    protected abstract JobLeases noLeases();

    @BeforeEach
    void setUp() {
        leases = noLeases();
    }

    @Test
    void oneHolderAtATimeUntilItsLeaseRunsOutOrItGivesTheJobUp() {
        assertTrue(leases.hold("purge", "a", T0, TTL));
        assertFalse(leases.hold("purge", "b", T0.plusSeconds(1), TTL), "a holds it");
        assertTrue(leases.hold("other", "b", T0, TTL), "another job is another lease");
        assertTrue(leases.hold("purge", "a", T0.plusSeconds(60), TTL), "a renews it");
        assertFalse(leases.hold("purge", "b", T0.plus(TTL).plusSeconds(30), TTL), "renewed: not run out yet");
        assertTrue(leases.hold("purge", "b", T0.plusSeconds(60).plus(TTL).plusMillis(1), TTL), "run out: b takes it");
        assertFalse(leases.hold("purge", "a", T0.plusSeconds(61).plus(TTL), TTL));
        leases.release("purge", "a");
        assertFalse(leases.hold("purge", "a", T0.plusSeconds(62).plus(TTL), TTL), "only the holder gives it up");
        leases.release("purge", "b");
        assertTrue(leases.hold("purge", "a", T0.plusSeconds(63).plus(TTL), TTL), "given up: free at once");
    }
}
