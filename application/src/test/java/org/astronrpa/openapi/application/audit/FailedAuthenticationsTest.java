package org.astronrpa.openapi.application.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.astronrpa.openapi.application.memory.InMemoryAuditLog;
import org.astronrpa.openapi.domain.audit.Actor;
import org.astronrpa.openapi.domain.audit.AuditEvent;
import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.audit.AuditQuery;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class FailedAuthenticationsTest {
    private static final UserId ALICE = new UserId("alice");
    private final InMemoryAuditLog log = new InMemoryAuditLog();
    private final AtomicLong ids = new AtomicLong();
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final FailedAuthentications failures = new FailedAuthentications(log, () -> "f-" + ids.incrementAndGet(),
            () -> now);

    @Test
    void aFailureIsWrittenOnceAMinuteAndTheNextOneSaysHowManyWereFolded() {
        for (int i = 0; i < 50; i++) {
            failures.record(ALICE, "k-1", "rpa_abcd", "the API key is not valid (revoked)", "203.0.113.7", "r-" + i);
        }
        assertEquals(1, log.all().size());
        AuditEvent first = log.all().get(0);
        assertEquals("authentication.failed", first.action());
        assertEquals(AuditEvent.Outcome.FAILURE, first.outcome());
        assertEquals(Actor.anonymous("k-1", "rpa_abcd"), first.actor());
        assertEquals(ALICE, first.owner());
        assertEquals("api_key", first.resourceType());
        assertEquals("k-1", first.resourceId());
        assertEquals("r-0", first.requestId());
        assertEquals("203.0.113.7", first.sourceIp());

        now = now.plus(FailedAuthentications.WINDOW);
        failures.record(ALICE, "k-1", "rpa_abcd", "the API key is not valid (revoked)", "203.0.113.7", "r-50");
        assertEquals(2, log.all().size());
        assertEquals("the API key is not valid (revoked) (and 49 more like it not recorded)", log.all().get(1).reason());
    }

    @Test
    void otherKindsAreWrittenApartUpToTheCapOfAWindow() {
        failures.record(null, null, "rpa_zzzz", "the API key is not valid (unknown)", "198.51.100.1", null);
        failures.record(null, null, "rpa_zzzz", "the API key is not valid (unknown)", "198.51.100.2", null);
        failures.record(ALICE, "k-1", "rpa_abcd", "this API key may not be used from 198.51.100.1", "198.51.100.1",
                null);
        assertEquals(3, log.all().size());
        assertNull(log.all().get(0).owner(), "a key nobody owns shows in nobody's log");
        for (int i = 0; i < 500; i++) {
            failures.record(null, null, "rpa_" + i, "the API key is not valid (unknown)", "198.51.100.3", null);
        }
        assertEquals(FailedAuthentications.PER_WINDOW, log.all().size(), "a flood is capped");
        now = now.plus(Duration.ofMinutes(1));
        failures.record(null, null, "rpa_next", "the API key is not valid (unknown)", "198.51.100.3", null);
        assertEquals(FailedAuthentications.PER_WINDOW + 1, log.all().size(), "the next window writes again");
    }

    @Test
    void aLogThatCannotBeWrittenDoesNotChangeTheRefusal() {
        AuditLog broken = new AuditLog() {
            @Override
            public void append(List<AuditEvent> entries) {
                throw new IllegalStateException("database down");
            }

            @Override
            public Page<AuditEvent> page(AuditQuery query, PageRequest page) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int purgeBefore(Instant cutoff, int limit) {
                return 0;
            }
        };
        new FailedAuthentications(broken, () -> "x", () -> now).record(null, null, null, "malformed", null, null);
    }

    @Test
    void aBindingLastsUntilItClosesAndRestoresTheOneBefore() {
        Attributions attributions = new Attributions();
        assertEquals(Actor.SYSTEM, attributions.current().actor());
        var outer = new org.astronrpa.openapi.domain.audit.Attribution(Actor.user(ALICE), "203.0.113.7", "r-1");
        try (var a = attributions.bind(outer)) {
            try (var b = attributions.bind(new org.astronrpa.openapi.domain.audit.Attribution(
                    Actor.apiKey(ALICE, "k-1", "rpa_abcd"), null, null))) {
                assertEquals(Actor.Type.API_KEY, attributions.current().actor().type());
            }
            assertEquals(outer, attributions.current());
        }
        assertEquals(Actor.SYSTEM, attributions.current().actor());
    }
}
