package org.astronrpa.openapi.bootstrap.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.astronrpa.openapi.adapters.persistence.Database;
import org.astronrpa.openapi.adapters.persistence.PersistenceConfig;
import org.astronrpa.openapi.application.events.OutboxRelay;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

/**
 * A relay on a database holding rows it cannot read back (a newer version's event type, text damaged by hand): pass
 * after pass it publishes every other event — of other aggregates, and the later ones of the damaged rows' own — and
 * the damaged rows stay, past the purge of published rows, for an operator.
 */
abstract class OutboxRelayQuarantineContract {
    private static final UserId ALICE = new UserId("alice");
    private static final Duration RETENTION = Duration.ofHours(1);

    /** A database of its own, empty. */
    protected abstract PersistenceConfig database();

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-04-01T12:00:00Z"));
    private final List<DomainEvent> heard = new ArrayList<>();
    private int ids;

    private ApiKeyEvent created(String key) {
        return new ApiKeyEvent.Created("ev-" + (++ids), key, ALICE, now.get());
    }

    private ApiKeyEvent revoked(String key) {
        return new ApiKeyEvent.Revoked("ev-" + (++ids), key, ALICE, now.get());
    }

    @Test
    void passesKeepPublishingAroundRowsTheyCannotReadAndThePurgeKeepsThoseRows() {
        try (Database database = Database.open(database())) {
            // two rows a claim, so that the damaged rows fall inside batches and between them
            OutboxRelay relay = new OutboxRelay(database.outbox(), heard::addAll, now::get, Runnable::run,
                    new OutboxRelay.Settings("instance-1", 2, Duration.ofSeconds(30), RETENTION, Duration.ofMinutes(1)),
                    OutboxRelay.Metrics.NONE);
            ApiKeyEvent a = created("k-a");
            ApiKeyEvent newer = created("k-new");
            ApiKeyEvent b = created("k-b");
            ApiKeyEvent damaged = created("k-damaged");
            ApiKeyEvent c = created("k-c");
            database.outbox().append(List.of(a, newer, b, damaged, c));
            database.jdbi().useHandle(handle -> {
                handle.execute("UPDATE outbox SET event_type = 'api_key.rotated' WHERE event_id = ?", newer.eventId());
                handle.execute("UPDATE outbox SET payload = '{\"event_id\": ' WHERE event_id = ?", damaged.eventId());
            });

            assertEquals(3, relay.pass());
            assertEquals(List.<DomainEvent>of(a, b, c), heard);

            ApiKeyEvent laterOfDamaged = revoked("k-damaged");
            ApiKeyEvent d = created("k-d");
            database.outbox().append(List.of(laterOfDamaged, d));
            assertEquals(2, relay.pass(), "the next pass publishes too");
            assertEquals(List.<DomainEvent>of(a, b, c, laterOfDamaged, d), heard);

            now.set(now.get().plus(RETENTION).plus(Duration.ofDays(30)));
            ApiKeyEvent e = created("k-e");
            database.outbox().append(List.of(e));
            assertEquals(1, relay.pass());
            assertEquals(e, heard.getLast());
            assertEquals(2, database.outbox().backlog().quarantined(), "the purge kept the quarantined rows");
            assertEquals(0, database.outbox().backlog().depth());
            int rows = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM outbox")
                    .mapTo(Integer.class).one());
            assertEquals(3, rows, "the two quarantined rows and e, published after the purge's cutoff");
        }
    }
}
