package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ToolName;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Outbox rows that cannot be read back as events, on the database outbox: they are quarantined where a claim meets
 * them and stop nothing else. (The in-memory outbox keeps events, not text, so it has no such rows.) The damage is
 * done with SQL, as a newer version or a hand edit would leave it.
 */
abstract class OutboxQuarantineContract {
    private static final UserId ALICE = new UserId("alice");
    private static final Instant T0 = Instant.parse("2026-04-01T12:00:00.125Z");
    private static final Duration LEASE = Duration.ofMinutes(1);

    /** Kinds of row this version cannot read, each made from a good row by one statement. */
    enum Damage {
        /** A type a newer version added (rolling upgrade). */
        UNKNOWN_TYPE("UPDATE outbox SET event_type = 'workflow.archived' WHERE event_id = ?", "unknown type "),
        /** A type a newer version added, with text of a shape this version does not know either. */
        UNKNOWN_TYPE_AND_SHAPE("UPDATE outbox SET event_type = 'workflow.archived', payload = '{}' WHERE event_id = ?",
                "unknown type "),
        /** Text that is not JSON any more. */
        NOT_JSON("UPDATE outbox SET payload = SUBSTRING(payload, 1, 20) WHERE event_id = ?", "unreadable "),
        /** A field value this version refuses (a status code a newer version added). */
        REFUSED_FIELD("UPDATE outbox SET payload = REPLACE(payload, '\"status\":1', '\"status\":7') WHERE event_id = ?",
                "unreadable "),
        /** A field this version needs, removed. */
        MISSING_FIELD("UPDATE outbox SET payload = REPLACE(payload, '\"occurred_at\"', '\"at\"') WHERE event_id = ?",
                "unreadable ");

        final String sql;
        final String reasonStart;

        Damage(String sql, String reasonStart) {
            this.sql = sql;
            this.reasonStart = reasonStart;
        }
    }

    /** The database with an empty outbox. */
    protected abstract Database emptyDatabase();

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Database database;
    private Outbox outbox;
    private int ids;

    @BeforeEach
    void setUp() {
        database = emptyDatabase();
        outbox = database.outbox();
        logged.start();
        ((Logger) LoggerFactory.getLogger(OutboxQuarantine.class)).addAppender(logged);
    }

    @AfterEach
    void detachLog() {
        ((Logger) LoggerFactory.getLogger(OutboxQuarantine.class)).detachAppender(logged);
    }

    private WorkflowEvent.Upserted revision(String project, long revision) {
        Workflow w = new Workflow(new ProjectId(project), ALICE, "n " + project, null, null, "1.0",
                WorkflowStatus.ACTIVE, new ParametersSchema("{\"type\":\"object\"}"), new ToolName("t_" + project),
                revision, T0, T0.plusSeconds(revision));
        return new WorkflowEvent.Upserted("ev-" + (++ids), w, T0.plusSeconds(revision));
    }

    private void damage(DomainEvent event, Damage how) {
        assertEquals(1, execute(how.sql, event.eventId()), how.name());
    }

    /** Runs a statement as an operator would; how many rows it changed. */
    private int execute(String sql, Object... arguments) {
        return jdbi().withHandle(handle -> handle.execute(sql, arguments));
    }

    private List<DomainEvent> claim(String relay, int limit) {
        return outbox.claim(relay, limit, T0, LEASE).stream().map(Outbox.Entry::event).toList();
    }

    private Jdbi jdbi() {
        return database.jdbi();
    }

    /** The stored row of {@code event}: its id, quarantined_at, quarantine_reason and claimed_by. */
    private Map<String, Object> row(DomainEvent event) {
        return jdbi().withHandle(handle -> handle.createQuery("""
                        SELECT id, quarantined_at, quarantine_reason, claimed_by, published_at FROM outbox
                         WHERE event_id = :id""")
                .bind("id", event.eventId())
                .mapToMap()
                .one());
    }

    private List<ILoggingEvent> errors() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    }

    @Test
    void aRowOfAnUnknownTypeBetweenTwoGoodRowsOfOtherAggregatesDoesNotStopThemAndOutlivesThePurge() {
        WorkflowEvent.Upserted x = revision("x", 1);
        WorkflowEvent.Upserted poisoned = revision("p", 1);
        WorkflowEvent.Upserted y = revision("y", 2);
        outbox.append(List.of(x, poisoned, y));
        damage(poisoned, Damage.UNKNOWN_TYPE);

        List<Outbox.Entry> claimed = outbox.claim("relay-a", 10, T0, LEASE);

        assertEquals(List.<DomainEvent>of(x, y), claimed.stream().map(Outbox.Entry::event).toList());
        assertEquals(new Outbox.Backlog(2, Optional.of(x.occurredAt()), 1), outbox.backlog());
        outbox.published(claimed, T0);
        assertEquals(List.of(), claim("relay-b", 10), "a quarantined row is not claimed again");
        assertEquals(new Outbox.Backlog(0, Optional.empty(), 1), outbox.backlog(), "nor counted as waiting");

        assertEquals(2, outbox.purgePublishedBefore(T0.plus(Duration.ofDays(3650))));
        Map<String, Object> kept = row(poisoned);
        assertNotNull(kept.get("quarantined_at"), "the quarantined row outlives the purge");
        assertEquals("unknown type workflow.archived", kept.get("quarantine_reason"));
        assertEquals("relay-a", kept.get("claimed_by"), "it names the relay that set it aside");
        assertNull(kept.get("published_at"));
        assertEquals(1, outbox.backlog().quarantined());
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void everyKindOfUnreadableRowIsQuarantinedWithItsReason(Damage how) {
        WorkflowEvent.Upserted poisoned = revision("p", 1);
        WorkflowEvent.Upserted good = revision("q", 1);
        outbox.append(List.of(poisoned, good));
        damage(poisoned, how);

        assertEquals(List.<DomainEvent>of(good), claim("relay-a", 10));

        String reason = (String) row(poisoned).get("quarantine_reason");
        assertTrue(reason.startsWith(how.reasonStart), reason);
        assertEquals(1, outbox.backlog().quarantined());
    }

    @Test
    void theLaterEventsOfAQuarantinedRowsAggregateArePublishedStillInTheirOrder() {
        WorkflowEvent.Upserted x1 = revision("x", 1);
        WorkflowEvent.Upserted x2 = revision("x", 2);
        WorkflowEvent.Upserted x3 = revision("x", 3);
        WorkflowEvent.Upserted x4 = revision("x", 4);
        outbox.append(List.of(x1, x2, x3, x4));
        damage(x2, Damage.NOT_JSON);

        List<Outbox.Entry> heldByA = outbox.claim("relay-a", 1, T0, LEASE);
        assertEquals(List.<DomainEvent>of(x1), heldByA.stream().map(Outbox.Entry::event).toList());
        // x2 is set aside by relay-b; x3 and x4 still wait for x1, which relay-a holds
        assertEquals(List.of(), claim("relay-b", 10));
        assertNotNull(row(x2).get("quarantined_at"));
        outbox.published(heldByA, T0);

        assertEquals(List.<DomainEvent>of(x3, x4), claim("relay-b", 10));
    }

    @Test
    void rowsSetAsideGiveTheirPlacesInTheClaimToTheRowsAfterThem() {
        WorkflowEvent.Upserted p1 = revision("p1", 1);
        WorkflowEvent.Upserted g1 = revision("g1", 1);
        WorkflowEvent.Upserted p2 = revision("p2", 1);
        WorkflowEvent.Upserted p3 = revision("p3", 1);
        WorkflowEvent.Upserted g2 = revision("g2", 1);
        WorkflowEvent.Upserted g3 = revision("g3", 1);
        outbox.append(List.of(p1, g1, p2, p3, g2, g3));
        List.of(p1, p2, p3).forEach(event -> damage(event, Damage.UNKNOWN_TYPE));

        assertEquals(List.<DomainEvent>of(g1, g2), claim("relay-a", 2), "fewer than the limit would mean no more is free");
        assertEquals(3, outbox.backlog().quarantined());
        assertEquals(List.<DomainEvent>of(g3), claim("relay-a", 10), "what relay-a holds is not given again");
    }

    @Test
    void eachQuarantinedRowIsLoggedOnceAsAnErrorNamingItsPositionTypeAndAggregate() {
        WorkflowEvent.Upserted poisoned = revision("p-logged", 1);
        outbox.append(List.of(poisoned, revision("q", 1)));
        damage(poisoned, Damage.UNKNOWN_TYPE);
        long position = ((Number) row(poisoned).get("id")).longValue();

        claim("relay-a", 10);
        claim("relay-a", 10);
        claim("relay-b", 10);

        assertEquals(1, errors().size(), () -> logged.list.toString());
        String message = errors().get(0).getFormattedMessage();
        assertTrue(message.contains("outbox row " + position + " "), message);
        assertTrue(message.contains("workflow.archived"), message);
        assertTrue(message.contains("workflow p-logged"), message);
        assertTrue(message.contains("relay-a"), message);
    }

    @Test
    void aRequeuedRowIsSetAsideAgainWhileUnreadableAndPublishedOnceRepaired() {
        WorkflowEvent.Upserted poisoned = revision("p", 1);
        outbox.append(List.of(poisoned));
        damage(poisoned, Damage.UNKNOWN_TYPE);
        assertEquals(List.of(), claim("relay-a", 10));
        // the statements of README, Operations
        String requeue = """
                UPDATE outbox SET quarantined_at = NULL, quarantine_reason = NULL, claimed_by = NULL
                 WHERE quarantined_at IS NOT NULL AND quarantine_reason LIKE 'unknown type %'""";

        assertEquals(1, execute(requeue));
        assertEquals(new Outbox.Backlog(1, Optional.of(poisoned.occurredAt()), 0), outbox.backlog());
        assertEquals(List.of(), claim("relay-a", 10), "still unreadable: set aside again");
        assertEquals(2, errors().size());

        execute("UPDATE outbox SET event_type = 'workflow.upserted' WHERE event_id = ?", poisoned.eventId());
        assertEquals(1, execute(requeue));
        List<Outbox.Entry> repaired = outbox.claim("relay-a", 10, T0, LEASE);
        assertEquals(List.<DomainEvent>of(poisoned), repaired.stream().map(Outbox.Entry::event).toList());
        outbox.published(repaired, T0);
        assertEquals(new Outbox.Backlog(0, Optional.empty(), 0), outbox.backlog());
    }

    @Test
    void anOperatorDeletesAQuarantinedRowByItsPosition() {
        WorkflowEvent.Upserted poisoned = revision("p", 1);
        outbox.append(List.of(poisoned));
        damage(poisoned, Damage.NOT_JSON);
        claim("relay-a", 10);
        long position = ((Number) row(poisoned).get("id")).longValue();

        assertEquals(1, execute("DELETE FROM outbox WHERE id = ? AND quarantined_at IS NOT NULL", position));

        assertEquals(new Outbox.Backlog(0, Optional.empty(), 0), outbox.backlog());
    }

    @Test
    void aLongReasonIsCutToItsColumn() {
        Execution queued = Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), ALICE, "{}", null,
                new ExecutionTimeout(60), Duration.ofSeconds(60), T0);
        ExecutionEvent.Queued poisoned = new ExecutionEvent.Queued("ev-long", queued, T0);
        outbox.append(List.of(poisoned));
        String status = "人".repeat(400);
        execute("UPDATE outbox SET payload = REPLACE(payload, '\"status\":\"PENDING\"', ?) WHERE event_id = ?",
                "\"status\":\"" + status + "\"", poisoned.eventId());

        assertEquals(List.of(), claim("relay-a", 10));

        String reason = (String) row(poisoned).get("quarantine_reason");
        assertEquals(OutboxQuarantine.REASON_LENGTH, reason.codePointCount(0, reason.length()));
        assertTrue(reason.startsWith("unreadable execution.queued: IllegalArgumentException"), reason);
    }
}
