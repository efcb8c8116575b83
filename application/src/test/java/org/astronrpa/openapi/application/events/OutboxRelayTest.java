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
    void whatMustTakeABatchFirstTakesItWholeAndWhenItFailsNoneOfItIsPublished() {
        List<DomainEvent> appended = List.of(created("k1"), created("k2"), revoked("k1"));
        outbox.append(appended);
        OutboxRelay relay = relay("a", outbox);
        List<List<DomainEvent>> taken = new ArrayList<>();
        boolean[] down = {true};
        relay.requireFirst(batch -> {
            taken.add(List.copyOf(batch));
            if (down[0]) {
                throw new IllegalStateException("the deliveries' table is away");
            }
        });

        assertEquals(0, relay.pass());
        assertEquals(List.of(), heard, "nothing published before the batch was taken");
        assertEquals(3, relay.backlog().depth());

        down[0] = false;
        assertEquals(3, relay.pass());
        assertEquals(appended, heard);
        assertEquals(List.of(appended, appended), taken, "taken whole, and again after the failure");
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

    // ---- the hand-over: events appended leased to the relay, published from memory once their transaction commits

    /** An outbox whose claims fail: what the relay publishes then came by hand-over. */
    private Outbox claimsFail(List<List<Outbox.Entry>> marked) {
        return new DelegatingOutbox(outbox) {
            @Override
            public List<Entry> claim(String relay, int limit, Instant now, Duration lease) {
                throw new AssertionError("a handed-over event needs no claim");
            }

            @Override
            public void published(List<Entry> entries, Instant now) {
                marked.add(List.copyOf(entries));
                super.published(entries, now);
            }
        };
    }

    /** A relay alone on its database (no pass yet: its writers still look for leftovers). */
    private OutboxRelay alone(String id, Outbox on) {
        return new OutboxRelay(on, publisher, clock, queuedNudges::add,
                new OutboxRelay.Settings(id, 3, Duration.ofSeconds(30), RETENTION, Duration.ofMinutes(10))
                        .asOnlyRelay(), (event, lag) -> lags.add(lag));
    }

    @Test
    void aClusteredRelaysHandOverDrainMarksAtOnce() {
        List<List<Outbox.Entry>> marked = new ArrayList<>();
        Outbox noClaims = claimsFail(marked);
        OutboxRelay relay = relay("a", noClaims);
        relay.expect(noClaims.append(List.of(created("k1")), relay.writerLease().orElseThrow())).committed();

        queuedNudges.removeFirst().run();

        assertEquals(1, marked.size(), "another instance's next change of k1 must not wait behind it");
        assertEquals(0, outbox.backlog().depth());
    }

    /** Records like the use cases do: the events of one change, in a transaction of the in-memory outbox. */
    private void recordInTransaction(OutboxDomainEvents recorder, DomainEvent... events) {
        outbox.transactions().atomically(() -> {
            recorder.record(List.of(events));
            return null;
        });
    }

    @Test
    void handedOverEventsArePublishedFromMemoryAtOnceAndMarkedInFewStatementsByARelayAlone() {
        List<List<Outbox.Entry>> marked = new ArrayList<>();
        Outbox noClaims = claimsFail(marked);
        OutboxRelay relay = alone("a", noClaims);
        OutboxDomainEvents recorder = new OutboxDomainEvents(noClaims, outbox.transactions(), relay);
        ApiKeyEvent k1 = created("k1");
        ApiKeyEvent k2 = created("k2");

        recordInTransaction(recorder, k1);
        recordInTransaction(recorder, k2);

        assertEquals(1, queuedNudges.size(), "hand-overs before the drain starts are one drain");
        assertEquals(2, relay.held());
        queuedNudges.removeFirst().run();
        assertEquals(List.of(k1, k2), heard, "published at once");
        assertEquals(0, relay.held());
        assertEquals(List.of(), marked, "the mark waits for more, or for a while");
        assertEquals(2, outbox.backlog().depth());

        clock.advance(OutboxRelay.MARK_AFTER);
        ApiKeyEvent k3 = created("k3");
        recordInTransaction(recorder, k3);
        queuedNudges.removeFirst().run();
        assertEquals(List.of(k1, k2, k3), heard);
        assertEquals(1, marked.size(), "one statement marks the three");
        assertEquals(List.of(k1, k2, k3), marked.getFirst().stream().map(Outbox.Entry::event).toList());
        assertEquals(0, outbox.backlog().depth());
        assertEquals(0, relay("b", outbox).pass(), "nothing is left for a claim");
    }

    @Test
    void aHandOversDrainMarksAtOnceWhenManyWaitAndAPassOrDrainMarksWhateverWaits() {
        List<List<Outbox.Entry>> marked = new ArrayList<>();
        Outbox noClaims = claimsFail(marked);
        OutboxRelay relay = alone("a", noClaims);
        Outbox.Lease lease = relay.writerLease().orElseThrow();
        for (int i = 0; i < OutboxRelay.MARK_BATCH; i++) {
            relay.expect(noClaims.append(List.of(created("k" + i)), lease)).committed();
        }
        queuedNudges.removeFirst().run();
        assertEquals(1, marked.size());
        assertEquals(OutboxRelay.MARK_BATCH, marked.getFirst().size());

        relay.expect(noClaims.append(List.of(created("last")), lease)).committed();
        queuedNudges.removeFirst().run();
        assertEquals(1, marked.size(), "one waits");
        assertEquals(1, outbox.backlog().depth());
        relay.drain();
        assertEquals(2, marked.size());
        assertEquals(0, outbox.backlog().depth());
    }

    @Test
    void anAggregatesLaterEventWaitsForAnEarlierOneStillInFlight() {
        OutboxRelay relay = relay("a", outbox);
        Outbox.Lease lease = relay.writerLease().orElseThrow();
        ApiKeyEvent first = created("k1");
        ApiKeyEvent second = revoked("k1");
        ApiKeyEvent other = created("k2");
        OutboxRelay.Handover slow = relay.expect(outbox.append(List.of(first), lease));
        relay.expect(outbox.append(List.of(second), lease)).committed();
        relay.expect(outbox.append(List.of(other), lease)).committed();

        assertEquals(1, relay.drain());
        assertEquals(List.of(other), heard, "k1's second event waits for its first, still in flight");
        slow.committed();
        assertEquals(2, relay.drain());
        assertEquals(List.of(other, first, second), heard);
    }

    @Test
    void aRolledBackHandOverLeavesNothingAndNoLongerHoldsItsAggregateBack() {
        OutboxRelay relay = relay("a", outbox);
        OutboxDomainEvents recorder = new OutboxDomainEvents(outbox, outbox.transactions(), relay);
        ApiKeyEvent lost = created("k1");
        assertThrows(IllegalStateException.class, () -> outbox.transactions().atomically(() -> {
            recorder.record(List.of(lost));
            throw new IllegalStateException("the change failed");
        }));
        assertEquals(0, relay.held());

        ApiKeyEvent kept = revoked("k1");
        recordInTransaction(recorder, kept);
        assertEquals(1, relay.drain());
        assertEquals(List.of(kept), heard);
        assertEquals(0, outbox.backlog().depth());
    }

    @Test
    void aHandOverThatNeverEndsIsGivenUpAfterTheLeaseAndItsCommittedRowClaimed() {
        OutboxRelay relay = relay("a", outbox);
        ApiKeyEvent event = created("k1");
        relay.expect(outbox.append(List.of(event), relay.writerLease().orElseThrow()));   // committed: no transaction

        assertEquals(0, relay.pass(), "held in hand, waiting to hear how its transaction ended");
        clock.advance(Duration.ofSeconds(31));
        assertEquals(1, relay.pass());
        assertEquals(List.of(event), heard);
        assertEquals(0, relay.held());
    }

    @Test
    void aFailedPublicationKeepsTheHandedOverEventsInMemoryForTheNextDrain() {
        OutboxRelay relay = relay("a", outbox);
        OutboxDomainEvents recorder = new OutboxDomainEvents(outbox, outbox.transactions(), relay);
        ApiKeyEvent first = created("k1");
        ApiKeyEvent failing = revoked("k1");
        recordInTransaction(recorder, first);
        recordInTransaction(recorder, failing);
        failOn = failing.eventId();

        assertEquals(1, relay.drain());
        assertEquals(1, relay.held());
        assertEquals(0, relay.pass(), "a claim does not take what the relay holds");
        failOn = null;
        assertEquals(1, relay.drain());
        assertEquals(List.of(first, failing), heard);
        assertEquals(0, outbox.backlog().depth());
    }

    @Test
    void aFailedMarkIsTriedAgainWithoutPublishingAgain() {
        int[] failures = {1};
        Outbox flaky = new DelegatingOutbox(outbox) {
            @Override
            public void published(List<Entry> entries, Instant now) {
                if (failures[0]-- > 0) {
                    throw new IllegalStateException("database down");
                }
                super.published(entries, now);
            }
        };
        OutboxRelay relay = relay("a", flaky);
        ApiKeyEvent event = created("k1");
        relay.expect(flaky.append(List.of(event), relay.writerLease().orElseThrow())).committed();

        assertEquals(1, relay.drain());
        assertEquals(1, outbox.backlog().depth(), "the mark failed");
        clock.advance(Duration.ofSeconds(31));
        assertEquals(0, relay.pass(), "published, unmarked: not claimed again by this relay");
        assertEquals(List.of(event), heard);
        assertEquals(0, outbox.backlog().depth(), "marked by the next drain");
    }

    @Test
    void aFullMemoryMakesWritersAppendUnleasedForClaims() {
        OutboxRelay relay = new OutboxRelay(outbox, publisher, clock, queuedNudges::add,
                new OutboxRelay.Settings("a", 3, Duration.ofSeconds(30), RETENTION, Duration.ofMinutes(10))
                        .withMemoryLimit(2), OutboxRelay.Metrics.NONE);
        OutboxDomainEvents recorder = new OutboxDomainEvents(outbox, outbox.transactions(), relay);
        failOn = "ev-1";
        recordInTransaction(recorder, created("k1"));
        recordInTransaction(recorder, created("k2"));
        queuedNudges.removeFirst().run();
        assertEquals(2, relay.held(), "the bus is down: both wait in memory");
        assertTrue(relay.writerLease().isEmpty());

        ApiKeyEvent third = created("k3");
        recordInTransaction(recorder, third);
        assertEquals(2, relay.held(), "appended unleased");
        assertEquals(0, relay.pass(), "the claim waits while memory is full");
        failOn = null;
        assertEquals(3, relay.pass());
        assertEquals(List.of("ev-1", "ev-2", "ev-3"), heard.stream().map(DomainEvent::eventId).toList());
    }

    @Test
    void anEventHeldBackByAnotherRelaysRowIsClaimedAfterIt() {
        ApiKeyEvent first = created("k1");
        outbox.append(List.of(first));
        List<Outbox.Entry> elsewhere = outbox.claim("x", 10, clock.now(), Duration.ofSeconds(30));
        OutboxRelay relay = relay("a", outbox);
        OutboxDomainEvents recorder = new OutboxDomainEvents(outbox, outbox.transactions(), relay);
        ApiKeyEvent second = revoked("k1");

        recordInTransaction(recorder, second);

        assertEquals(0, relay.held(), "appended unleased, behind relay x's row");
        assertEquals(List.of(), heard);
        queuedNudges.removeFirst().run();
        assertEquals(List.of(), heard, "the claim waits for x");
        outbox.published(elsewhere, clock.now());
        assertEquals(1, relay.pass());
        assertEquals(List.of(second), heard);
    }

    @Test
    void theFaultInjectionSeesHandedOverEventsBeforeTheyArePublished() {
        List<String> calls = new ArrayList<>();
        OutboxRelay relay = faulty("a", new OutboxRelay.FaultInjection() {
            @Override
            public void afterClaim(List<Outbox.Entry> batch) {
                calls.add("leased " + batch.size() + ", heard " + heard.size());
            }

            @Override
            public void afterPublish(List<Outbox.Entry> published) {
                calls.add("published " + published.size() + ", backlog " + outbox.backlog().depth());
            }
        });
        relay.expect(outbox.append(List.of(created("k1")), relay.writerLease().orElseThrow())).committed();

        relay.drain();

        assertEquals(List.of("leased 1, heard 0", "published 1, backlog 1"), calls);
    }

    @Test
    void theLastDrainBeforeAStopPublishesWhatWasHandedOver() {
        OutboxRelay relay = relay("a", outbox);
        relay.expect(outbox.append(List.of(created("k1")), relay.writerLease().orElseThrow())).committed();

        relay.drainBeforeStop(Duration.ofSeconds(1));

        assertEquals(1, heard.size());
        assertEquals(0, outbox.backlog().depth());
    }

    @Test
    void aRelayAloneLooksForLeftoversUntilTheyArePublishedThenLeasesWithoutLooking() {
        ApiKeyEvent leftover = created("k1");
        outbox.append(List.of(leftover));
        outbox.claim("dead", 10, clock.now(), Duration.ofSeconds(30));   // a relay that died held it
        clock.advance(Duration.ofSeconds(1));
        OutboxRelay relay = new OutboxRelay(outbox, publisher, clock, queuedNudges::add,
                new OutboxRelay.Settings("a", 3, Duration.ofSeconds(30), RETENTION, Duration.ofMinutes(10))
                        .asOnlyRelay(), OutboxRelay.Metrics.NONE);
        OutboxDomainEvents recorder = new OutboxDomainEvents(outbox, outbox.transactions(), relay);

        relay.pass();
        assertEquals(false, relay.writerLease().orElseThrow().alone(), "a leftover may be held by a dead relay");
        ApiKeyEvent later = revoked("k1");
        recordInTransaction(recorder, later);
        assertEquals(0, relay.held(), "appended unleased, behind the leftover");

        clock.advance(Duration.ofSeconds(30));
        assertEquals(2, relay.pass());
        assertEquals(List.of(leftover, later), heard);
        relay.pass();
        assertTrue(relay.writerLease().orElseThrow().alone(), "nothing is left over");
    }

    @Test
    void aRelayAloneHoldsWhatItsWritersHandOverWhateverItsMemoryLimit() {
        OutboxRelay relay = new OutboxRelay(outbox, publisher, clock, queuedNudges::add,
                new OutboxRelay.Settings("a", 3, Duration.ofSeconds(30), RETENTION, Duration.ofMinutes(10))
                        .withMemoryLimit(1).asOnlyRelay(), OutboxRelay.Metrics.NONE);
        OutboxDomainEvents recorder = new OutboxDomainEvents(outbox, outbox.transactions(), relay);
        failOn = "ev-1";
        recordInTransaction(recorder, created("k1"));
        recordInTransaction(recorder, created("k2"));
        assertEquals(2, relay.held(), "past the limit: a relay alone never appends unleased (order needs no look)");
        failOn = null;
        assertEquals(2, relay.drain());
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
        public List<Entry> append(List<? extends DomainEvent> events, Lease lease) {
            return outbox.append(events, lease);
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
