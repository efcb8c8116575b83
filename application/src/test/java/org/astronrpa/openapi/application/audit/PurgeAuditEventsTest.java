package org.astronrpa.openapi.application.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.astronrpa.openapi.application.memory.InMemoryAuditLog;
import org.astronrpa.openapi.domain.audit.Actor;
import org.astronrpa.openapi.domain.audit.AuditEvent;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class PurgeAuditEventsTest {
    private static final UserId ALICE = new UserId("alice");
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private final InMemoryAuditLog log = new InMemoryAuditLog();

    private void entries(int n, Instant at) {
        List<AuditEvent> appended = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            appended.add(new AuditEvent(at + "-" + i, at, ALICE, Actor.user(ALICE), "workflow.upserted", "workflow",
                    "p", "p", AuditEvent.Outcome.SUCCESS, null, null, null));
        }
        log.append(appended);
    }

    @Test
    void entriesPastTheRetentionGoInBatchesUntilNoneIsLeftAndNewerOnesStay() {
        entries(PurgeAuditEvents.BATCH * 2 + 7, NOW.minus(Duration.ofDays(366)));
        entries(3, NOW.minus(Duration.ofDays(364)));
        assertEquals(PurgeAuditEvents.BATCH * 2 + 7, new PurgeAuditEvents(log, () -> NOW, Duration.ofDays(365)).purge());
        assertEquals(3, log.all().size());
        assertEquals(0, new PurgeAuditEvents(log, () -> NOW, Duration.ofDays(365)).purge());
    }

    @Test
    void withoutARetentionNothingIsDeleted() {
        entries(4, NOW.minus(Duration.ofDays(10_000)));
        assertEquals(0, new PurgeAuditEvents(log, () -> NOW, null).purge());
        assertEquals(4, log.all().size());
    }
}
