package org.astronrpa.openapi.bootstrap.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.astronrpa.openapi.adapters.persistence.Database;
import org.astronrpa.openapi.adapters.persistence.PersistenceConfig;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.application.events.OutboxDomainEvents;
import org.astronrpa.openapi.application.events.OutboxRelay;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database that fails in the middle of a change: the change and its event are both stored, or neither. */
class H2ChangeWithItsEventTest {
    private static final Instant T0 = Instant.parse("2026-04-01T12:00:00Z");
    @TempDir
    Path dataDir;

    @Test
    void aChangeWhoseEventCannotBeStoredIsNotStoredEitherAndOneWhoseEventIsStoredIsHandedOverAfterItsCommit() {
        try (Database database = Database.open(PersistenceConfig.embedded(dataDir))) {
            AtomicBoolean failAppend = new AtomicBoolean();
            Outbox outbox = new FailingOutbox(database.outbox(), failAppend);
            List<Long> depthAtHandOver = new ArrayList<>();
            List<DomainEvent> published = new ArrayList<>();
            OutboxRelay relay = new OutboxRelay(outbox, published::addAll, () -> T0, task -> {
                depthAtHandOver.add(database.outbox().backlog().depth());
                task.run();
            }, OutboxRelay.Settings.of("relay", Duration.ofHours(1)), OutboxRelay.Metrics.NONE);
            OutboxDomainEvents recorded = new OutboxDomainEvents(outbox, database.transactions(), relay);
            int[] ids = {0};
            ExecutionChanges changes = new ExecutionChanges(database.executions(), database.transactions(), recorded,
                    () -> "id-" + (++ids[0]), () -> T0);
            Execution accepted = Execution.accept(new ExecutionId("e-1"), new ProjectId("p-1"), new UserId("alice"),
                    "{}", null, new ExecutionTimeout(60), Duration.ofSeconds(60), T0);

            changes.accept(accepted);
            assertEquals(List.of(1L), depthAtHandOver, "handed over once the execution and its event were committed");
            assertEquals(List.of(ExecutionEvent.Queued.class), types(published));
            assertEquals(0, database.outbox().backlog().depth(), "published from memory and marked");

            failAppend.set(true);
            assertThrows(IllegalStateException.class, () -> changes.change(accepted.id(), (current, now) -> current.cancel(now)));
            assertEquals(ExecutionStatus.PENDING, database.executions().find(accepted.id()).orElseThrow().status(),
                    "the change rolled back with its event");
            assertEquals(0, database.outbox().backlog().depth());
            assertEquals(0, relay.held());

            failAppend.set(false);
            changes.change(accepted.id(), (current, now) -> current.cancel(now));
            assertEquals(ExecutionStatus.CANCELLED, database.executions().find(accepted.id()).orElseThrow().status());
            assertEquals(List.of(ExecutionEvent.Queued.class, ExecutionEvent.Cancelled.class), types(published));
            assertEquals(0, relay.held());
        }
    }

    private static List<Class<?>> types(List<DomainEvent> events) {
        return events.stream().<Class<?>>map(DomainEvent::getClass).toList();
    }

    private record FailingOutbox(Outbox outbox, AtomicBoolean fail) implements Outbox {
        @Override
        public void append(List<? extends DomainEvent> events) {
            if (fail.get()) {
                throw new IllegalStateException("the database failed while storing the event");
            }
            outbox.append(events);
        }

        @Override
        public List<Entry> append(List<? extends DomainEvent> events, Lease lease) {
            List<Entry> leased = outbox.append(events, lease);   // the row is written; the transaction then fails
            if (fail.get()) {
                throw new IllegalStateException("the database failed while storing the event");
            }
            return leased;
        }

        @Override
        public List<Entry> claim(String relay, int limit, Instant now, Duration lease) {
            return outbox.claim(relay, limit, now, lease);
        }

        @Override
        public void published(List<Entry> entries, Instant now) {
            outbox.published(entries, now);
        }

        @Override
        public Backlog backlog() {
            return outbox.backlog();
        }

        @Override
        public int purgePublishedBefore(Instant cutoff) {
            return outbox.purgePublishedBefore(cutoff);
        }
    }
}
