package org.astronrpa.openapi.application.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.memory.InMemoryOutbox;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {
    private static final UserId ALICE = new UserId("alice");
    private static final Duration RETENTION = Duration.ofHours(24);

    private final TestClock clock = new TestClock();
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final List<DomainEvent> heard = new ArrayList<>();
    private final List<Duration> lags = new ArrayList<>();
    private final List<Runnable> queuedNudges = new ArrayList<>();
    private String failOn;
    private int ids;

    private final DomainEvents publisher = events -> {
        for (DomainEvent event : events) {
            if (event.eventId().equals(failOn)) {
                throw new IllegalStateException("the bus is down");
            }
            heard.add(event);
        }
    };

    private OutboxRelay relay(String id, Outbox on) {
        return new OutboxRelay(on, publisher, clock, queuedNudges::add,
                new OutboxRelay.Settings(id, 3, Duration.ofSeconds(30), RETENTION, Duration.ofMinutes(10)),
                (event, lag) -> lags.add(lag));
    }

    private ApiKeyEvent created(String key) {
        return new ApiKeyEvent.Created("ev-" + (++ids), key, ALICE, clock.now());
    }

    private ApiKeyEvent revoked(String key) {
        return new ApiKeyEvent.Revoked("ev-" + (++ids), key, ALICE, clock.now());
    }

    @Test
    void aPassPublishesEveryWaitingEventInOrderOnceBatchAfterBatch() {
        List<DomainEvent> appended = List.of(created("k1"), created("k2"), revoked("k1"), created("k3"),
                revoked("k2"), created("k4"), revoked("k4"));
        outbox.append(appended);
        OutboxRelay relay = relay("a", outbox);

        assertEquals(7, relay.pass());

        assertEquals(appended, heard);
        assertEquals(0, relay.backlog().depth());
        assertEquals(0, relay.pass(), "published events are not published again");
        assertEquals(appended, heard);
    }

    @Test
    void aFailedPublicationLeavesThatEventAndTheLaterOnesForTheNextPass() {
        ApiKeyEvent first = created("k1");
        ApiKeyEvent failing = created("k2");
        ApiKeyEvent later = revoked("k1");
        outbox.append(List.of(first, failing, later));
        OutboxRelay relay = relay("a", outbox);
        failOn = failing.eventId();

        assertEquals(1, relay.pass());
        assertEquals(List.of(first), heard);
        assertEquals(2, relay.backlog().depth());

        failOn = null;
        assertEquals(2, relay.pass());
        assertEquals(List.of(first, failing, later), heard);
    }

    @Test
    void aNudgeAsksForOnePassAndNudgesBeforeItStartsAreOne() {
        OutboxRelay relay = relay("a", outbox);
        outbox.append(List.of(created("k1")));
        relay.nudge();
        relay.nudge();
        assertEquals(1, queuedNudges.size());
        assertEquals(List.of(), heard, "the pass runs on the nudge executor");

        queuedNudges.removeFirst().run();
        assertEquals(1, heard.size());
        outbox.append(List.of(created("k2")));
        relay.nudge();
        assertEquals(1, queuedNudges.size(), "a nudge after the pass started asks for another");
        queuedNudges.removeFirst().run();
        assertEquals(2, heard.size());
    }

    @Test
    void aNudgeWhosePassFailsDoesNotThrow() {
        Outbox broken = new DelegatingOutbox(outbox) {
            @Override
            public List<Entry> claim(String relay, int limit, Instant now, Duration lease) {
                throw new IllegalStateException("database down");
            }
        };
        OutboxRelay relay = relay("a", broken);
        relay.nudge();
        queuedNudges.removeFirst().run();
        assertThrows(IllegalStateException.class, relay::pass, "a periodic pass sees the failure");
    }

    @Test
    void theLagOfEachEventIsReported() {
        outbox.append(List.of(created("k1")));
        clock.advance(Duration.ofMillis(2_500));
        outbox.append(List.of(created("k2")));

        relay("a", outbox).pass();

        assertEquals(List.of(Duration.ofMillis(2_500), Duration.ZERO), lags);
    }

    @Test
    void rowsClaimedByARelayThatDiedArePublishedByAnotherAfterTheLease() {
        ApiKeyEvent event = created("k1");
        outbox.append(List.of(event));
        assertEquals(1, outbox.claim("dead", 10, clock.now(), Duration.ofSeconds(30)).size());
        OutboxRelay survivor = relay("b", outbox);

        assertEquals(0, survivor.pass());
        clock.advance(Duration.ofSeconds(31));
        assertEquals(1, survivor.pass());
        assertEquals(List.of(event), heard);
    }

    @Test
    void publishedRowsArePurgedAfterTheRetentionAndUnpublishedOnesAreKept() {
        List<Instant> cutoffs = new ArrayList<>();
        Outbox recording = new DelegatingOutbox(outbox) {
            @Override
            public int purgePublishedBefore(Instant cutoff) {
                cutoffs.add(cutoff);
                return super.purgePublishedBefore(cutoff);
            }
        };
        OutboxRelay relay = relay("a", recording);
        outbox.append(List.of(created("k1")));
        relay.pass();
        clock.advance(Duration.ofMinutes(1));
        relay.pass();
        assertEquals(1, cutoffs.size(), "at most one purge every 10 minutes");

        failOn = "ev-2";
        outbox.append(List.of(created("k2")));
        clock.advance(RETENTION);
        relay.pass();

        assertEquals(2, cutoffs.size());
        assertEquals(clock.now().minus(RETENTION), cutoffs.get(1));
        assertEquals(0, outbox.purgePublishedBefore(clock.now()), "the published row is gone");
        assertEquals(new Outbox.Backlog(1, Optional.of(clock.now().minus(RETENTION))), outbox.backlog(),
                "the unpublished one stays");
    }

    /** A relay that dies where the fault injection stops it: what the next relay does after the lease. */
    @Test
    void aRelayStoppedAfterItsClaimPublishesNothingAndAnotherPublishesTheRowsOnceAfterTheLease() {
        ApiKeyEvent event = created("k1");
        outbox.append(List.of(event));
        List<Long> depthAtClaim = new ArrayList<>();
        OutboxRelay dying = faulty("a", new OutboxRelay.FaultInjection() {
            @Override
            public void afterClaim(List<Outbox.Entry> batch) {
                depthAtClaim.add(outbox.backlog().depth());
                assertEquals(List.of(event), batch.stream().map(Outbox.Entry::event).toList());
                throw new Died();
            }

            @Override
            public void afterPublish(List<Outbox.Entry> published) {
                throw new AssertionError("nothing may be published after a claim that died");
            }
        });

        assertThrows(Died.class, dying::pass);
        assertEquals(List.of(1L), depthAtClaim);
        assertEquals(List.of(), heard, "stopped before publishing");
        OutboxRelay survivor = relay("b", outbox);
        assertEquals(0, survivor.pass(), "the dead relay's lease holds the row");
        clock.advance(Duration.ofSeconds(31));
        assertEquals(1, survivor.pass());
        assertEquals(List.of(event), heard);
    }

    @Test
    void aRelayStoppedAfterPublishingLeavesTheRowsUnmarkedSoAnotherPublishesThemAgainAfterTheLease() {
        ApiKeyEvent event = created("k1");
        outbox.append(List.of(event));
        List<Long> depthAfterPublish = new ArrayList<>();
        OutboxRelay dying = faulty("a", new OutboxRelay.FaultInjection() {
            @Override
            public void afterClaim(List<Outbox.Entry> batch) {
            }

            @Override
            public void afterPublish(List<Outbox.Entry> published) {
                assertEquals(List.of(event), heard, "called once the events are published");
                depthAfterPublish.add(outbox.backlog().depth());
                throw new Died();
            }
        });

        assertThrows(Died.class, dying::pass);
        assertEquals(List.of(1L), depthAfterPublish, "and before they are marked");
        clock.advance(Duration.ofSeconds(31));
        assertEquals(1, relay("b", outbox).pass());
        assertEquals(List.of(event, event), heard, "at least once: consumers deduplicate by event id");
        assertEquals(0, outbox.backlog().depth());
    }

    @Test
    void withoutFaultInjectionNothingIsInjected() {
        outbox.append(List.of(created("k1")));
        OutboxRelay.FaultInjection.NONE.afterClaim(List.of());
        assertEquals(1, faulty("a", OutboxRelay.FaultInjection.NONE).pass());
    }

    @Test
    void theLeaseCanBeChosen() {
        assertEquals(Duration.ofSeconds(5), OutboxRelay.Settings.of("a", Duration.ofSeconds(5), RETENTION).lease());
        assertEquals(OutboxRelay.Settings.DEFAULT_LEASE, OutboxRelay.Settings.of("a", RETENTION).lease());
        assertThrows(IllegalArgumentException.class, () -> OutboxRelay.Settings.of("a", Duration.ZERO, RETENTION));
    }

    private OutboxRelay faulty(String id, OutboxRelay.FaultInjection faults) {
        return new OutboxRelay(outbox, publisher, clock, queuedNudges::add,
                new OutboxRelay.Settings(id, 3, Duration.ofSeconds(30), RETENTION, Duration.ofMinutes(10)),
                OutboxRelay.Metrics.NONE, faults);
    }

    /** What the fault injection throws here in place of the process dying. */
    private static final class Died extends RuntimeException {
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> OutboxRelay.Settings.of("a", Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new OutboxRelay.Settings("a", 0, Duration.ofSeconds(1), RETENTION, Duration.ofSeconds(1)));
        assertTrue(OutboxRelay.Settings.of("a", RETENTION).lease().toSeconds() > 0);
    }

    /** An outbox passing every call on, for tests to change one. */
    private static class DelegatingOutbox implements Outbox {
        private final Outbox outbox;

        DelegatingOutbox(Outbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public void append(List<? extends DomainEvent> events) {
            outbox.append(events);
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
