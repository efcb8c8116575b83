package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.Attempt;
import org.astronrpa.openapi.domain.webhook.AttemptResult;
import org.astronrpa.openapi.domain.webhook.Delivery;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.SigningSecret;
import org.astronrpa.openapi.domain.webhook.Webhook;
import org.astronrpa.openapi.domain.webhook.WebhookDefinition;
import org.astronrpa.openapi.domain.webhook.WebhookId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DeliveryRepository} must do; subclassed once per adapter. */
public abstract class DeliveryRepositoryContract {
    private static final UserId ALICE = new UserId("alice");
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:30.123Z");
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Webhook HOOK = webhook("w-1");
    private static final Webhook OTHER = webhook("w-2");

    private DeliveryRepository repository;

    /** A repository with no deliveries in it. */
    protected abstract DeliveryRepository emptyRepository();

    /** The transactions of the store the repository writes to ({@link Transactions#NONE} in memory). */
    protected abstract Transactions transactions();

    @BeforeEach
    void setUp() {
        repository = emptyRepository();
    }

    private static Webhook webhook(String id) {
        return Webhook.create(new WebhookId(id), ALICE, new WebhookDefinition(URI.create("https://hooks.example.com/"
                + id), Set.of("*"), Set.of(), true), new SigningSecret("whsec_" + "k".repeat(43)), T0);
    }

    private static Delivery delivery(String id, Webhook webhook, String eventId, Instant at) {
        return Delivery.toWebhook(id, webhook, eventId, "execution.completed",
                "{\"id\":\"" + eventId + "\",\"type\":\"execution.completed\",\"data\":{\"note\":\"前台 ✓\"}}", at);
    }

    private static Delivery callback(String id, String execution, String eventId, Instant at) {
        return Delivery.toCallback(id, execution, "https://cb.example.com/done?token=T0k&x=1", ALICE, eventId,
                "execution.failed", "{}", at);
    }

    private static Attempt answered(int number, Instant at, int status) {
        return Attempt.of(number, at, new AttemptResult.Responded(status, status < 300 ? "ok" : "busy, try later",
                Optional.empty(), Duration.ofMillis(42)));
    }

    private static Attempt unanswered(int number, Instant at) {
        return Attempt.of(number, at, new AttemptResult.Unreachable("connect timed out", Duration.ofSeconds(10)));
    }

    /** Claims what is due at {@code at}, and settles {@code settled} of it as {@code status}. */
    private void settle(Instant at, Delivery.Status status, String... settled) {
        Set<String> ids = Set.of(settled);
        for (Delivery claimed : repository.claim("settler", at, LEASE, 100)) {
            if (ids.contains(claimed.id())) {
                Delivery next = claimed.after(answered(claimed.attempts() + 1, at, status == Delivery.Status.DELIVERED
                        ? 200 : 400), status, null, at);
                assertTrue(repository.attempted(next, "settler"));
            }
        }
    }

    private static List<String> ids(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::id).toList();
    }

    @Test
    void storedDeliveriesAreReadBackWithEveryField() {
        StringBuilder large = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < 10_000; i++) {
            large.append(i == 0 ? "" : ",").append("\"第").append(i).append("行 Row\"");
        }
        Delivery toHook = Delivery.toWebhook("d-1", HOOK, "ev-1", "execution.completed", large.append("]}").toString(),
                T0);
        Delivery toCallback = callback("d-2", "x-1", "ev-1", T0.plusMillis(1));
        assertEquals(2, repository.addAll(List.of(toHook, toCallback)));
        assertEquals(toHook, repository.find("d-1").orElseThrow());
        assertEquals(toCallback, repository.find("d-2").orElseThrow());
        assertTrue(repository.find("nope").isEmpty());

        List<Delivery> claimed = repository.claim("i-1", T0.plusSeconds(1), LEASE, 10);
        assertEquals(List.of(toHook, toCallback), claimed);
        Delivery retried = toHook.after(unanswered(1, T0.plusSeconds(1)), Delivery.Status.PENDING,
                T0.plusSeconds(6), T0.plusSeconds(1));
        Delivery failed = toCallback.after(answered(1, T0.plusSeconds(1), 404), Delivery.Status.FAILED, null,
                T0.plusSeconds(1));
        assertTrue(repository.attempted(retried, "i-1"));
        assertTrue(repository.attempted(failed, "i-1"));
        assertEquals(retried, repository.find("d-1").orElseThrow());
        assertEquals(failed, repository.find("d-2").orElseThrow());
        assertEquals(List.of(failed.last()), repository.attempts("d-2", 10));
        assertNull(repository.find("d-1").orElseThrow().last().statusCode());
    }

    @Test
    void aDeliveryOfAReceiverAndEventIsStoredOnce() {
        assertEquals(0, repository.addAll(List.of()));
        Delivery first = delivery("d-1", HOOK, "ev-1", T0);
        assertEquals(3, repository.addAll(List.of(first, delivery("d-2", OTHER, "ev-1", T0),
                callback("d-3", "x-1", "ev-1", T0))));
        assertEquals(1, repository.addAll(List.of(delivery("d-4", HOOK, "ev-1", T0.plusSeconds(1)),
                delivery("d-5", HOOK, "ev-2", T0), delivery("d-6", HOOK, "ev-2", T0),
                callback("d-7", "x-1", "ev-1", T0))));
        assertEquals(0, repository.addAll(List.of(first)), "the same delivery again");
        assertTrue(repository.find("d-4").isEmpty());
        assertTrue(repository.find("d-6").isEmpty());
        assertTrue(repository.find("d-7").isEmpty());
        assertEquals(first, repository.find("d-1").orElseThrow());
        assertTrue(repository.find("d-5").isPresent());
        assertTrue(repository.find("D-1").isEmpty(), "ids compare exactly");
        assertEquals(2, repository.addAll(List.of(delivery("c-1", HOOK, "ev-case", T0),
                delivery("c-2", HOOK, "EV-CASE", T0))), "event ids compare exactly");

        List<Delivery> many = new ArrayList<>();
        for (int i = 0; i < 130; i++) {   // over one statement's worth in the SQL stores
            many.add(delivery("m-" + i, OTHER, "ev-" + i, T0));
        }
        assertEquals(129, repository.addAll(many), "ev-1 was OTHER's already");
    }

    @Test
    void deliveriesLeftOutInATransactionLetItCommitTheRest() {
        Delivery stored = delivery("d-1", HOOK, "ev-1", T0);
        repository.addAll(List.of(stored));
        int added = transactions().atomically(() -> repository.addAll(List.of(delivery("d-again", HOOK, "ev-1", T0),
                delivery("d-2", HOOK, "ev-2", T0))) + repository.addAll(List.of(delivery("d-3", HOOK, "ev-3", T0))));
        assertEquals(2, added);
        assertTrue(repository.find("d-2").isPresent());
        assertTrue(repository.find("d-3").isPresent());
        assertTrue(repository.find("d-again").isEmpty());
        assertEquals(stored, repository.find("d-1").orElseThrow());
    }

    @Test
    void aClaimTakesTheDuePendingOnesNoLiveClaimHoldsLongestDueFirst() {
        repository.addAll(List.of(delivery("d-done", HOOK, "ev-0", T0.minusSeconds(20))));
        settle(T0.minusSeconds(20), Delivery.Status.DELIVERED, "d-done");
        Delivery early = delivery("d-early", HOOK, "ev-1", T0.minusSeconds(10));
        Delivery due = callback("d-due", "x-1", "ev-2", T0);
        Delivery later = delivery("d-later", OTHER, "ev-3", T0.plusSeconds(30));
        repository.addAll(List.of(later, due, early));

        assertEquals(List.of(early), repository.claim("i-1", T0, LEASE, 1));
        assertEquals(List.of(due), repository.claim("i-1", T0, LEASE, 10), "the early one is held");
        assertEquals(List.of(later), repository.claim("i-2", T0.plusSeconds(30), LEASE, 10));
        assertEquals(List.of(), repository.claim("i-2", T0.plus(LEASE).minusMillis(1), LEASE, 10));
        assertEquals(List.of(early, due), repository.claim("i-2", T0.plus(LEASE), LEASE, 10),
                "their claims ran out");
        assertEquals(List.of(), repository.claim("i-3", T0.plus(LEASE), LEASE, 10));
        assertEquals(List.of(), repository.claim("i-3", T0.plusSeconds(600), LEASE, 0));
    }

    @Test
    void anAttemptIsStoredForItsClaimantOnlyAndReleasesTheClaim() {
        Delivery d = delivery("d-1", HOOK, "ev-1", T0);
        repository.addAll(List.of(d));
        repository.claim("i-1", T0, LEASE, 10);
        Instant taken = T0.plus(LEASE);
        assertEquals(List.of(d), repository.claim("i-2", taken, LEASE, 10));

        Delivery late = d.after(answered(1, T0.plusSeconds(70), 503), Delivery.Status.PENDING, T0.plusSeconds(80),
                T0.plusSeconds(70));
        assertFalse(repository.attempted(late, "i-1"), "its claim ran out and i-2 took it");
        assertEquals(d, repository.find("d-1").orElseThrow());
        assertEquals(List.of(), repository.attempts("d-1", 10));

        Delivery retry = d.after(answered(1, taken.plusSeconds(1), 503), Delivery.Status.PENDING,
                taken.plusSeconds(10), taken.plusSeconds(1));
        assertTrue(repository.attempted(retry, "i-2"));
        assertEquals(retry, repository.find("d-1").orElseThrow());
        assertEquals(List.of(retry.last()), repository.attempts("d-1", 10));
        assertEquals(List.of(retry), repository.claim("i-3", taken.plusSeconds(10), LEASE, 10),
                "i-2's lease would run a minute more: the attempt released it");
        assertFalse(repository.attempted(retry.after(answered(2, taken.plusSeconds(11), 200),
                Delivery.Status.DELIVERED, null, taken.plusSeconds(11)), "i-2"));
        assertEquals(retry, repository.find("d-1").orElseThrow());
    }

    @Test
    void theAttemptsAreListedLatestFirstAndGivingUpIsNotedInTheLog() {
        Delivery d = delivery("d-1", HOOK, "ev-1", T0);
        repository.addAll(List.of(d));
        Instant at = T0;
        for (int n = 1; n <= 3; n++) {
            Delivery claimed = repository.claim("i-1", at, LEASE, 10).get(0);
            Attempt attempt = n == 3 ? unanswered(n, at) : answered(n, at, 500 + n);
            d = claimed.after(attempt, Delivery.Status.PENDING, at.plusSeconds(5), at);
            assertTrue(repository.attempted(d, "i-1"));
            at = at.plusSeconds(5);
        }
        List<Attempt> log = repository.attempts("d-1", 10);
        assertEquals(List.of(3, 2, 1), log.stream().map(Attempt::number).toList());
        assertEquals(unanswered(3, T0.plusSeconds(10)), log.get(0));
        assertEquals(answered(1, T0, 501), log.get(2));
        assertEquals(log.subList(0, 2), repository.attempts("d-1", 2));

        repository.claim("i-1", at, LEASE, 10);
        Delivery abandoned = d.abandoned("the subscription is disabled", at);
        assertTrue(repository.attempted(abandoned, "i-1"));
        assertEquals(abandoned, repository.find("d-1").orElseThrow());
        assertEquals(4, abandoned.last().number());
        assertEquals(List.of(abandoned.last(), log.get(0), log.get(1), log.get(2)), repository.attempts("d-1", 10),
                "the note is an attempt of its own, after the last");
        assertEquals(List.of(), repository.attempts("nope", 10));
    }

    @Test
    void aRedeliveryIsStoredWhateverClaimsIt() {
        Delivery d = delivery("d-1", HOOK, "ev-1", T0);
        repository.addAll(List.of(d));
        repository.claim("i-1", T0, LEASE, 10);
        Delivery failed = d.after(answered(1, T0, 400), Delivery.Status.FAILED, null, T0);
        assertTrue(repository.attempted(failed, "i-1"));
        assertEquals(List.of(), repository.claim("i-2", T0.plusSeconds(3600), LEASE, 10), "failed for good");

        Delivery again = failed.redelivered(T0.plusSeconds(3600));
        assertTrue(repository.requeue(again, T0.plusSeconds(3600)));
        assertEquals(again, repository.find("d-1").orElseThrow());
        assertEquals(List.of(again), repository.claim("i-2", T0.plusSeconds(3600), LEASE, 10));

        Delivery once = again.redelivered(T0.plusSeconds(3601));
        assertFalse(repository.requeue(once, T0.plusSeconds(3601)), "i-2 holds it: one attempt at a time");
        assertEquals(again, repository.find("d-1").orElseThrow());
        assertTrue(repository.requeue(once, T0.plusSeconds(3600).plus(LEASE)), "once i-2's claim ran out");
        assertEquals(List.of(once), repository.claim("i-3", T0.plusSeconds(3600).plus(LEASE), LEASE, 10));
        assertFalse(repository.attempted(once.after(answered(2, T0.plusSeconds(3602), 200), Delivery.Status.DELIVERED,
                null, T0.plusSeconds(3602)), "i-2"));
        assertEquals(once, repository.find("d-1").orElseThrow());
        assertEquals(1, repository.attempts("d-1", 10).size());
        assertFalse(repository.requeue(delivery("d-9", HOOK, "ev-9", T0), T0), "none such");
    }

    @Test
    void aSubscriptionsDeliveriesNewestFirstOfAStatusOrAll() {
        List<Delivery> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(delivery("d-" + i, HOOK, "ev-" + i, T0.plusSeconds(i)));
        }
        made.add(delivery("d-tie", HOOK, "ev-tie", T0.plusSeconds(2)));
        made.add(delivery("d-other", OTHER, "ev-1", T0.plusSeconds(9)));
        made.add(callback("d-callback", "x-1", "ev-1", T0.plusSeconds(9)));
        repository.addAll(made);
        settle(T0.plusSeconds(10), Delivery.Status.DELIVERED, "d-1", "d-3", "d-other");

        Page<Delivery> first = repository.page(HOOK.id(), null, new PageRequest(1, 2));
        assertEquals(6L, first.total());
        assertEquals(List.of("d-4", "d-3"), ids(first.records()));
        Page<Delivery> second = repository.page(HOOK.id(), null, PageRequest.after(first.next(), 2));
        assertEquals(List.of("d-tie", "d-2"), ids(second.records()));
        assertEquals(List.of("d-1", "d-0"), ids(repository.page(HOOK.id(), null, PageRequest.after(second.next(), 2))
                .records()));
        Page<Delivery> last = repository.page(HOOK.id(), null, new PageRequest(2, 4));
        assertEquals(List.of("d-1", "d-0"), ids(last.records()));
        assertNull(last.next());

        Page<Delivery> delivered = repository.page(HOOK.id(), Delivery.Status.DELIVERED, PageRequest.FIRST);
        assertEquals(2L, delivered.total());
        assertEquals(List.of("d-3", "d-1"), ids(delivered.records()));
        assertEquals(Delivery.Status.DELIVERED, delivered.records().get(0).status());
        Page<Delivery> pending = repository.page(HOOK.id(), Delivery.Status.PENDING, new PageRequest(1, 3));
        assertEquals(4L, pending.total());
        assertEquals(List.of("d-4", "d-tie", "d-2"), ids(pending.records()));
        assertEquals(List.of("d-0"), ids(repository.page(HOOK.id(), Delivery.Status.PENDING,
                PageRequest.after(pending.next(), 3)).records()));
        assertEquals(0L, repository.page(HOOK.id(), Delivery.Status.FAILED, PageRequest.FIRST).total());
        assertEquals(0L, repository.page(new WebhookId("w-none"), null, PageRequest.FIRST).total());
    }

    @Test
    void thePendingDeliveriesAreCountedPerSubscription() {
        assertEquals(Map.of(), repository.pendingBySubscription());
        repository.addAll(List.of(delivery("d-1", HOOK, "ev-1", T0), delivery("d-2", HOOK, "ev-2", T0),
                delivery("d-3", HOOK, "ev-3", T0), delivery("d-4", OTHER, "ev-1", T0),
                callback("d-5", "x-1", "ev-1", T0), callback("d-6", "x-2", "ev-1", T0)));
        settle(T0, Delivery.Status.DELIVERED, "d-3");
        Map<WebhookId, Long> expected = new HashMap<>();
        expected.put(HOOK.id(), 2L);
        expected.put(OTHER.id(), 1L);
        expected.put(null, 2L);
        assertEquals(expected, repository.pendingBySubscription());
    }

    @Test
    void finishedDeliveriesArePurgedOldestFirstWithTheirAttempts() {
        for (int i = 1; i <= 4; i++) {
            repository.addAll(List.of(delivery("d-" + i, HOOK, "ev-" + i, T0)));
            settle(T0.plusSeconds(i), i % 2 == 0 ? Delivery.Status.FAILED : Delivery.Status.DELIVERED, "d-" + i);
        }
        repository.addAll(List.of(delivery("d-pending", HOOK, "ev-p", T0)));
        Instant cutoff = T0.plusMillis(3500);
        assertEquals(2, repository.purgeFinishedBefore(cutoff, 2));
        assertTrue(repository.find("d-1").isEmpty());
        assertTrue(repository.find("d-2").isEmpty());
        assertEquals(List.of(), repository.attempts("d-1", 10));
        assertTrue(repository.find("d-3").isPresent());
        assertEquals(1, repository.purgeFinishedBefore(cutoff, 10));
        assertTrue(repository.find("d-3").isEmpty());
        assertEquals(0, repository.purgeFinishedBefore(cutoff, 10));
        assertEquals(1, repository.attempts("d-4", 10).size());
        assertEquals(1, repository.purgeFinishedBefore(T0.plusSeconds(3600), 10));
        assertEquals(0, repository.purgeFinishedBefore(T0.plusSeconds(3600), 10));
        assertTrue(repository.find("d-pending").isPresent());
    }

    @Test
    void claimantsAtOnceGetDifferentDeliveries() throws Exception {
        List<Delivery> made = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            made.add(delivery(String.format("d-%02d", i), HOOK, "ev-" + i, T0.minusMillis(i)));
        }
        assertEquals(60, repository.addAll(made));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> claims = new ArrayList<>();
            for (String claimant : List.of("i-1", "i-2")) {
                claims.add(threads.submit(() -> {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    for (List<Delivery> got = repository.claim(claimant, T0, LEASE, 7); !got.isEmpty();
                         got = repository.claim(claimant, T0, LEASE, 7)) {
                        mine.addAll(ids(got));
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<String> all = new ArrayList<>();
            for (Future<List<String>> claim : claims) {
                all.addAll(claim.get(30, TimeUnit.SECONDS));
            }
            assertEquals(60, all.size(), "each claimed once");
            assertEquals(new HashSet<>(ids(made)), new HashSet<>(all));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aClaimPassesOverTheSubscribersNamedAndAReleasedDeliveryIsFreeAgainAtOnce() {
        repository.addAll(List.of(delivery("d-1", HOOK, "ev-1", T0), delivery("d-2", HOOK, "ev-2", T0),
                delivery("d-3", OTHER, "ev-3", T0.plusMillis(1)), callback("d-4", "e-9", "ev-4", T0.plusMillis(2))));

        List<Delivery> claimed = repository.claim("i-1", T0.plusSeconds(1), LEASE, 10,
                java.util.Set.of("webhook:w-1", "callback:e-9"));
        assertEquals(List.of("d-3"), claimed.stream().map(Delivery::id).toList());

        Delivery first = repository.claim("i-1", T0.plusSeconds(1), LEASE, 1).get(0);
        assertEquals("d-1", first.id());
        repository.release(first, "i-2");
        assertEquals(List.of("d-2", "d-4"), repository.claim("i-2", T0.plusSeconds(1), LEASE, 10).stream()
                .map(Delivery::id).toList(), "another claimant's release does nothing");
        repository.release(first, "i-1");
        assertEquals(List.of("d-1"), repository.claim("i-2", T0.plusSeconds(2), LEASE, 10).stream()
                .map(Delivery::id).toList(), "released: free at once, for anyone");
    }

    @Test
    void deliveriesStoredClaimedAreTheClaimantsUntilTheirLeaseAndARepeatOfAnEventIsNotStored() {
        repository.addAll(List.of(delivery("d-0", OTHER, "ev-1", T0)));
        java.util.Set<String> stored = repository.addAllClaimed(List.of(delivery("d-1", HOOK, "ev-1", T0),
                delivery("d-2", HOOK, "ev-2", T0), delivery("d-3", OTHER, "ev-1", T0)), "i-1", T0.plus(LEASE));

        assertEquals(java.util.Set.of("d-1", "d-2"), stored, "d-3 repeats OTHER's ev-1");
        assertEquals(List.of("d-0"), repository.claim("i-2", T0.plusSeconds(1), LEASE, 10).stream()
                .map(Delivery::id).toList(), "the claimed ones are i-1's");
        Delivery done = delivery("d-1", HOOK, "ev-1", T0).after(answered(1, T0, 200), Delivery.Status.DELIVERED,
                null, T0);
        assertTrue(repository.attempted(done, "i-1"), "i-1 stores their outcome as a claimant does");
        assertEquals(List.of("d-2"), repository.claim("i-2", T0.plus(LEASE), LEASE, 10).stream()
                .map(Delivery::id).toList(), "once the lease ran out, anyone may");
    }
}
