package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.astronrpa.openapi.domain.audit.Actor;
import org.astronrpa.openapi.domain.audit.AuditEvent;
import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.audit.AuditQuery;
import org.astronrpa.openapi.domain.audit.AuditTrail;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AuditLog} must do; subclassed once per adapter. */
public abstract class AuditLogContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00.000Z");
    protected static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");

    /** The log under test (for subclasses' own tests). */
    protected AuditLog log;

    /** An empty log. */
    protected abstract AuditLog emptyLog();

    @BeforeEach
    void setUp() {
        log = emptyLog();
    }

    protected static AuditEvent entry(String id, Instant at, UserId owner, Actor actor, String action,
                                    String resourceType, String resourceId) {
        return new AuditEvent(id, at, owner, actor, action, resourceType, resourceId, null,
                AuditEvent.Outcome.SUCCESS, null, "203.0.113.7", "req-" + id);
    }

    protected List<String> ids(AuditQuery query) {
        return log.page(query, new PageRequest(1, 100)).records().stream().map(AuditEvent::id).toList();
    }

    @Test
    void everyFieldComesBackAsAppendedNewestFirstAndOnlyToItsOwner() {
        AuditEvent full = new AuditEvent("e-1", T0, ALICE, Actor.apiKey(ALICE, "k-1", "rpa_abcd1234"),
                "execution.started", "execution", "x-1", "p-1", AuditEvent.Outcome.SUCCESS, null, "2001:db8::7",
                "req-1");
        AuditEvent bySchedule = new AuditEvent("e-2", T0.plusSeconds(1), ALICE, Actor.schedule(ALICE, "s-1"),
                "execution.started", "execution", "x-2", "p-1", AuditEvent.Outcome.SUCCESS, null, null, null);
        AuditEvent byRobot = entry("e-3", T0.plusSeconds(2), ALICE, Actor.robot(ALICE, "r-1"), "robot.enrolled",
                "robot", "r-1");
        AuditEvent bySystem = new AuditEvent("e-4", T0.plusSeconds(3), ALICE, Actor.SYSTEM, "schedule.paused",
                "schedule", "s-1", "p-1", AuditEvent.Outcome.SUCCESS, "the workflow p-1 no longer exists", null, null);
        AuditEvent failed = AuditTrail.failedAuthentication("e-5", T0.plusSeconds(4), ALICE, "k-1", "rpa_abcd1234",
                "the API key is not valid (revoked)", 3, "198.51.100.1", "req-5");
        AuditEvent nobodys = AuditTrail.failedAuthentication("e-6", T0.plusSeconds(5), null, null, "rpa_zzzz9999",
                "the API key is not valid (unknown)", 0, "198.51.100.1", null);
        AuditEvent bobs = entry("e-7", T0.plusSeconds(6), BOB, Actor.user(BOB), "workflow.upserted", "workflow", "q");
        log.append(List.of(full, bySchedule));
        log.append(List.of(byRobot, bySystem, failed, nobodys, bobs));
        log.append(List.of());

        Page<AuditEvent> alices = log.page(AuditQuery.all(ALICE), new PageRequest(1, 100));
        assertEquals(List.of(failed, bySystem, byRobot, bySchedule, full), alices.records());
        assertNull(alices.total(), "the log is not counted");
        assertNull(alices.next());
        assertEquals(List.of(bobs), log.page(AuditQuery.all(BOB), new PageRequest(1, 100)).records());
        assertEquals("the API key is not valid (revoked) (and 3 more like it not recorded)", failed.reason());
    }

    @Test
    void filtersByActorActionResourceAndTime() {
        log.append(List.of(
                entry("a", T0, ALICE, Actor.apiKey(ALICE, "k-1", "rpa_1"), "execution.started", "execution", "x-1"),
                entry("b", T0.plusSeconds(10), ALICE, Actor.apiKey(ALICE, "k-2", "rpa_2"), "execution.cancelled",
                        "execution", "x-1"),
                entry("c", T0.plusSeconds(20), ALICE, Actor.user(ALICE), "api_key.revoked", "api_key", "k-1"),
                entry("d", T0.plusSeconds(30), ALICE, Actor.user(ALICE), "apixkey.revoked", "api_key", "k-2"),
                entry("e", T0.plusSeconds(40), ALICE, Actor.SYSTEM, "webhook.disabled", "webhook", "w-1")));
        assertEquals(List.of("b", "a"), ids(AuditQuery.of(ALICE, "api_key", null, null, null, null)));
        assertEquals(List.of("b"), ids(AuditQuery.of(ALICE, "api_key:k-2", null, null, null, null)));
        assertEquals(List.of("d", "c"), ids(AuditQuery.of(ALICE, "user:alice", null, null, null, null)));
        assertEquals(List.of("e"), ids(AuditQuery.of(ALICE, "system", null, null, null, null)));
        assertEquals(List.of("a"), ids(AuditQuery.of(ALICE, null, "execution.started", null, null, null)));
        assertEquals(List.of("b", "a"), ids(AuditQuery.of(ALICE, null, "execution.*", null, null, null)));
        assertEquals(List.of("c"), ids(AuditQuery.of(ALICE, null, "api_key.*", null, null, null)),
                "'_' in a kind is itself, not any character");
        assertEquals(List.of("b", "a"), ids(AuditQuery.of(ALICE, null, null, "execution:x-1", null, null)));
        assertEquals(List.of("d", "c"), ids(AuditQuery.of(ALICE, null, null, "api_key", null, null)));
        assertEquals(List.of("c", "b"), ids(AuditQuery.of(ALICE, null, null, null, T0.plusSeconds(10),
                T0.plusSeconds(30))), "from inclusive, to exclusive");
        assertEquals(List.of("b"), ids(AuditQuery.of(ALICE, "api_key", "execution.*", "execution:x-1",
                T0.plusSeconds(5), null)));
        assertEquals(List.of(), ids(AuditQuery.of(BOB, null, null, null, null, null)));
    }

    @Test
    void pagesByPositionMeetEveryEntryOnceEvenWithEqualTimes() {
        List<AuditEvent> appended = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            appended.add(entry(String.format("id-%02d", i), T0.plusSeconds(i / 3), ALICE, Actor.user(ALICE),
                    "workflow.upserted", "workflow", "p-" + i));
        }
        log.append(appended);
        List<String> seen = new ArrayList<>();
        Page<AuditEvent> page = log.page(AuditQuery.all(ALICE), new PageRequest(1, 4));
        seen.addAll(page.records().stream().map(AuditEvent::id).toList());
        while (page.next() != null) {
            page = log.page(AuditQuery.all(ALICE), PageRequest.after(page.next(), 4));
            seen.addAll(page.records().stream().map(AuditEvent::id).toList());
        }
        List<String> expected = new ArrayList<>(appended.stream().map(AuditEvent::id).toList());
        java.util.Collections.reverse(expected);
        assertEquals(expected, seen);
        assertEquals(List.of("id-20", "id-19"), log.page(AuditQuery.all(ALICE), new PageRequest(3, 2)).records()
                .stream().map(AuditEvent::id).toList(), "pages by number too");
    }

    @Test
    void aLongAppendKeepsEveryEntryWithItsOwnFields() {
        List<AuditEvent> appended = new ArrayList<>();
        for (int i = 0; i < 250; i++) {   // more than a stored log writes in one statement
            appended.add(entry(String.format("id-%03d", i), T0.plusSeconds(i), ALICE, Actor.user(ALICE),
                    "workflow.upserted", "workflow", "p-" + i));
        }
        log.append(appended);
        List<AuditEvent> seen = new ArrayList<>();
        Page<AuditEvent> page = log.page(AuditQuery.all(ALICE), new PageRequest(1, 100));
        seen.addAll(page.records());
        while (page.next() != null) {
            page = log.page(AuditQuery.all(ALICE), PageRequest.after(page.next(), 100));
            seen.addAll(page.records());
        }
        List<AuditEvent> expected = new ArrayList<>(appended);
        java.util.Collections.reverse(expected);
        assertEquals(expected, seen);
    }

    @Test
    void thePurgeDeletesOnlyOlderEntriesABatchAtATime() {
        List<AuditEvent> appended = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            appended.add(entry("id-" + i, T0.plusSeconds(i), ALICE, Actor.user(ALICE), "workflow.deleted",
                    "workflow", "p"));
        }
        log.append(appended);
        assertEquals(3, log.purgeBefore(T0.plusSeconds(5), 3));
        assertEquals(2, log.purgeBefore(T0.plusSeconds(5), 3));
        assertEquals(0, log.purgeBefore(T0.plusSeconds(5), 3));
        assertEquals(List.of("id-6", "id-5"), ids(AuditQuery.all(ALICE)));
    }
}
