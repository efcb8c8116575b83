package org.astronrpa.openapi.application.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.astronrpa.openapi.application.memory.InMemoryDeliveryRepository;
import org.astronrpa.openapi.application.memory.InMemoryWebhookRepository;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.AttemptResult;
import org.astronrpa.openapi.domain.webhook.Delivery;
import org.astronrpa.openapi.domain.webhook.Signatures;
import org.astronrpa.openapi.domain.webhook.Webhook;
import org.astronrpa.openapi.domain.webhook.WebhookEvent;
import org.astronrpa.openapi.domain.webhook.WebhookTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery worker on an injected clock, with a scripted receiver (attempts run on the pass's thread). */
class DeliverWebhooksTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final UserId ALICE = new UserId("alice");

    /** What the receiver was sent. */
    record Sent(URI url, Map<String, String> headers, String body) {
    }

    private final InMemoryDeliveryRepository deliveries = new InMemoryDeliveryRepository();
    private final InMemoryWebhookRepository webhooks = new InMemoryWebhookRepository(deliveries);
    private final org.astronrpa.openapi.application.memory.InMemoryCallbackSecretStore callbackSecrets =
            new org.astronrpa.openapi.application.memory.InMemoryCallbackSecretStore();
    private final List<DomainEvent> recorded = new ArrayList<>();
    private final Deque<AttemptResult> answers = new ArrayDeque<>();
    private final List<Sent> sent = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private Instant now = T0;
    private ManageWebhooks manage;
    private DeliverWebhooks deliver;

    private final WebhookTransport receiver = (url, headers, body) -> {
        sent.add(new Sent(url, headers, body));
        return answers.isEmpty() ? ok() : answers.removeFirst();
    };

    @BeforeEach
    void setUp() {
        build(WebhookSettings.DEFAULT);
    }

    private void build(WebhookSettings settings) {
        manage = new ManageWebhooks(webhooks, deliveries, (topic, event) -> "{\"id\":\"" + event.eventId() + "\"}",
                () -> "id-" + ids.incrementAndGet(), new java.security.SecureRandom()::nextBytes, () -> now, settings,
                () -> { }, new CallbackSecrets(callbackSecrets, new java.security.SecureRandom()::nextBytes, () -> now),
                Transactions.NONE, events -> { });
        deliver = new DeliverWebhooks(webhooks, deliveries, receiver, callbackSecrets, Transactions.NONE,
                recorded::addAll,
                () -> "id-" + ids.incrementAndGet(), DeliverWebhooksTest::half, () -> now, settings, "instance-a",
                Runnable::run);
        deliver.observeWith((outcome, lag) -> heard.add(outcome + " " + lag));
    }

    /** The jitter's random number exactly in the middle (0.5): waits are their nominal length. */
    private static void half(byte[] bytes) {
        Arrays.fill(bytes, (byte) 0);
        bytes[0] = (byte) 0x80;
    }

    private static AttemptResult ok() {
        return new AttemptResult.Responded(200, "thanks", Optional.empty(), Duration.ofMillis(4));
    }

    private static AttemptResult status(int code) {
        return new AttemptResult.Responded(code, "no", Optional.empty(), Duration.ofMillis(4));
    }

    private ManageWebhooks.Created subscribe() {
        return manage.create(ALICE, new ManageWebhooks.Input("https://hooks.example.com/rpa",
                List.of("execution.completed", "webhook.disabled"), null, null));
    }

    private Delivery due(Webhook webhook, String eventId) {
        Delivery delivery = Delivery.toWebhook("d-" + eventId, webhook, eventId, "execution.completed",
                "{\"id\":\"" + eventId + "\"}", now);
        deliveries.addAll(List.of(delivery));
        return delivery;
    }

    private Delivery stored(Delivery delivery) {
        return deliveries.find(delivery.id()).orElseThrow();
    }

    /** {@link #webhooks}, counting its reads of one subscription. */
    private org.astronrpa.openapi.domain.webhook.WebhookRepository counting(java.util.concurrent.atomic.AtomicInteger finds) {
        return (org.astronrpa.openapi.domain.webhook.WebhookRepository) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {org.astronrpa.openapi.domain.webhook.WebhookRepository.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        finds.incrementAndGet();
                    }
                    try {
                        return method.invoke(webhooks, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void attemptsOfOneSubscriptionShareOneReadASecondAndSeeADeletionAfterIt() {
        java.util.concurrent.atomic.AtomicInteger finds = new java.util.concurrent.atomic.AtomicInteger();
        deliver = new DeliverWebhooks(counting(finds), deliveries, receiver, callbackSecrets, Transactions.NONE,
                recorded::addAll, () -> "id-" + ids.incrementAndGet(), DeliverWebhooksTest::half, () -> now,
                WebhookSettings.DEFAULT, "instance-a", Runnable::run);
        ManageWebhooks.Created created = subscribe();
        for (int i = 0; i < 10; i++) {
            due(created.webhook(), "ev-" + i);
        }

        deliver.pass();   // four at once (the subscription's share), each of the others as one ends

        assertEquals(10, sent.size());
        assertEquals(1, finds.get(), "one read for the ten attempts");

        manage.delete(ALICE, created.webhook().id().value());
        now = now.plus(DeliverWebhooks.FRESH);
        Delivery late = due(created.webhook(), "ev-late");
        deliver.pass();

        assertEquals(10, sent.size(), "not sent once the read is a second old");
        assertEquals(Delivery.Status.FAILED, stored(late).status());
        assertEquals("the webhook was deleted", stored(late).last().error());
    }

    @Test
    void aClaimThatLostARaceIsTakenAgainInTheSamePass() {
        ManageWebhooks.Created created = subscribe();
        due(created.webhook(), "ev-1");
        java.util.concurrent.atomic.AtomicInteger claims = new java.util.concurrent.atomic.AtomicInteger();
        org.astronrpa.openapi.domain.webhook.DeliveryRepository losingOnce =
                (org.astronrpa.openapi.domain.webhook.DeliveryRepository) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {org.astronrpa.openapi.domain.webhook.DeliveryRepository.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("claim") && claims.incrementAndGet() == 1) {
                                throw new org.astronrpa.openapi.domain.shared.ConcurrentUpdate("deadlock victim");
                            }
                            try {
                                return method.invoke(deliveries, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        DeliverWebhooks racing = new DeliverWebhooks(webhooks, losingOnce, receiver, callbackSecrets,
                Transactions.NONE, recorded::addAll, () -> "id-" + ids.incrementAndGet(), DeliverWebhooksTest::half,
                () -> now, WebhookSettings.DEFAULT, "instance-a", Runnable::run);

        assertEquals(1, racing.pass(), "attempted in the pass whose first claim was a deadlock's victim");
        assertEquals(2, claims.get());
        assertEquals(1, sent.size());
    }

    @Test
    void aDeliveryIsPostedSignedAndStoredAsDelivered() {
        ManageWebhooks.Created created = subscribe();
        Delivery delivery = due(created.webhook(), "ev-1");

        assertEquals(1, deliver.pass());

        Sent request = sent.get(0);
        assertEquals(URI.create("https://hooks.example.com/rpa"), request.url());
        assertEquals("ev-1", request.headers().get("X-Rpa-Event-Id"));
        assertEquals("execution.completed", request.headers().get("X-Rpa-Event-Type"));
        assertEquals("d-ev-1", request.headers().get("X-Rpa-Delivery-Id"));
        assertEquals("1", request.headers().get("X-Rpa-Delivery-Attempt"));
        assertEquals(Long.toString(T0.getEpochSecond()), request.headers().get("X-Rpa-Timestamp"));
        assertTrue(Signatures.verifies(created.secret(), T0.getEpochSecond(), request.body(),
                request.headers().get("X-Rpa-Signature")));
        Delivery after = stored(delivery);
        assertEquals(Delivery.Status.DELIVERED, after.status());
        assertEquals(1, after.attempts());
        assertEquals(200, after.last().statusCode());
        assertEquals("thanks", after.last().responseBody());
        assertNull(after.last().error());
        assertEquals(0, deliver.pass(), "nothing left due");
    }

    @Test
    void aServerErrorIsRetriedAfterItsBackoffAndThenDelivered() {
        Webhook webhook = subscribe().webhook();
        Delivery delivery = due(webhook, "ev-1");
        answers.add(status(500));

        deliver.pass();
        Delivery waiting = stored(delivery);
        assertEquals(Delivery.Status.PENDING, waiting.status());
        assertEquals(T0.plusSeconds(5), waiting.nextAttemptAt(), "the first backoff (jitter in its middle)");
        assertEquals("the receiver answered 500", waiting.last().error());

        now = T0.plusSeconds(4);
        assertEquals(0, deliver.pass(), "not before its time");
        now = T0.plusSeconds(5);
        assertEquals(1, deliver.pass());

        Delivery done = stored(delivery);
        assertEquals(Delivery.Status.DELIVERED, done.status());
        assertEquals(2, done.attempts());
        assertEquals("2", sent.get(1).headers().get("X-Rpa-Delivery-Attempt"));
        assertEquals(List.of(2, 1), deliveries.attempts(delivery.id(), 10).stream().map(a -> a.number()).toList());
        assertEquals(0, webhooks.find(webhook.id()).orElseThrow().consecutiveFailures());
        assertEquals(List.of(WebhookObserver.Outcome.RETRIED + " PT0S", WebhookObserver.Outcome.DELIVERED + " PT5S"),
                heard, "the observer hears each attempt, with the time since the delivery was made");
    }

    @Test
    void goneDisablesTheSubscriptionWithAnEvent() {
        Webhook webhook = subscribe().webhook();
        Delivery delivery = due(webhook, "ev-1");
        answers.add(status(410));

        deliver.pass();

        assertEquals(Delivery.Status.FAILED, stored(delivery).status());
        Webhook off = webhooks.find(webhook.id()).orElseThrow();
        assertFalse(off.isActive());
        assertEquals("the receiver answered 410 Gone", off.disabledReason());
        WebhookEvent.Disabled event = assertInstanceOf(WebhookEvent.Disabled.class, recorded.get(0));
        assertEquals(off.revision(), event.revision());
        assertEquals("the receiver answered 410 Gone", event.reason());
    }

    @Test
    void deliveriesFailedInARowDisableAtTheLimitAndASuccessInBetweenStartsTheCountAgain() {
        build(WebhookSettings.DEFAULT.withDisableAfterFailures(2));
        Webhook webhook = subscribe().webhook();
        answers.add(status(400));
        due(webhook, "ev-1");
        deliver.pass();
        assertEquals(1, webhooks.find(webhook.id()).orElseThrow().consecutiveFailures());
        due(webhook, "ev-2");
        deliver.pass();   // delivered: the count starts again
        assertEquals(0, webhooks.find(webhook.id()).orElseThrow().consecutiveFailures());
        answers.add(status(404));
        answers.add(status(422));
        due(webhook, "ev-3");
        due(webhook, "ev-4");
        deliver.pass();

        Webhook off = webhooks.find(webhook.id()).orElseThrow();
        assertFalse(off.isActive());
        assertEquals("2 deliveries in a row failed", off.disabledReason());
        assertEquals(1, recorded.stream().filter(WebhookEvent.Disabled.class::isInstance).count());
        assertEquals("the receiver answered 404 (not retried)", stored(Delivery.toWebhook("d-ev-3", webhook, "ev-3",
                "execution.completed", "{}", now)).last().error());
    }

    @Test
    void aRefusedAddressFailsAtOnceWithoutARetry() {
        Delivery delivery = due(subscribe().webhook(), "ev-1");
        answers.add(new AttemptResult.Refused("the host h resolves to 10.0.0.1, a private address"));
        deliver.pass();
        Delivery failed = stored(delivery);
        assertEquals(Delivery.Status.FAILED, failed.status());
        assertNull(failed.nextAttemptAt());
        assertTrue(failed.last().error().contains("private"), failed.last().error());
    }

    @Test
    void aDeletedOrDisabledSubscriptionsDeliveriesAreGivenUpUnsentButAPingGoesAnyway() {
        Webhook gone = subscribe().webhook();
        Delivery ofGone = due(gone, "ev-1");
        webhooks.delete(gone.id());   // (the in-memory store keeps no deliveries of a deleted one: re-add it)
        deliveries.addAll(List.of(ofGone));
        Webhook paused = manage.update(ALICE, subscribe().webhook().id().value(),
                new ManageWebhooks.Input(null, null, null, false));
        Delivery ofPaused = due(paused, "ev-2");
        Delivery ping = manage.ping(ALICE, paused.id().value());

        deliver.pass();

        assertEquals("the webhook was deleted", stored(ofGone).last().error());
        assertTrue(heard.contains(WebhookObserver.Outcome.ABANDONED + " PT0S"), heard.toString());
        assertEquals(Delivery.Status.FAILED, stored(ofGone).status());
        assertEquals("the webhook is disabled", stored(ofPaused).last().error());
        assertEquals(Delivery.Status.DELIVERED, stored(ping).status());
        assertEquals(1, sent.size(), "only the ping was sent");
        assertEquals(ManageWebhooks.PING, sent.get(0).headers().get("X-Rpa-Event-Type"));
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneDuringTheOverlap() {
        ManageWebhooks.Created created = subscribe();
        ManageWebhooks.Created rotated = manage.rotateSecret(ALICE, created.webhook().id().value(), 3600L);
        due(rotated.webhook(), "ev-1");
        deliver.pass();
        String header = sent.get(0).headers().get("X-Rpa-Signature");
        assertTrue(Signatures.verifies(created.secret(), T0.getEpochSecond(), sent.get(0).body(), header));
        assertTrue(Signatures.verifies(rotated.secret(), T0.getEpochSecond(), sent.get(0).body(), header));

        now = T0.plusSeconds(3600);
        due(rotated.webhook(), "ev-2");
        deliver.pass();
        String later = sent.get(1).headers().get("X-Rpa-Signature");
        assertFalse(Signatures.verifies(created.secret(), now.getEpochSecond(), sent.get(1).body(), later));
        assertTrue(Signatures.verifies(rotated.secret(), now.getEpochSecond(), sent.get(1).body(), later));
    }

    @Test
    void aRedeliveryIsDueAtOnceAndCountsItsAttemptsOn() {
        Webhook webhook = subscribe().webhook();
        Delivery delivery = due(webhook, "ev-1");
        answers.add(status(400));
        deliver.pass();
        now = T0.plusSeconds(60);

        manage.redeliver(ALICE, webhook.id().value(), delivery.id());
        deliver.pass();

        Delivery again = stored(delivery);
        assertEquals(Delivery.Status.DELIVERED, again.status());
        assertEquals(2, again.attempts());
        assertEquals(1, manage.deliveries(ALICE, webhook.id().value(), "delivered", PageRequest.FIRST).records()
                .size());
    }

    @Test
    void aRedeliveryWhileAnInstanceHoldsTheDeliveryIsRefusedOneAttemptAtATime() {
        Webhook webhook = subscribe().webhook();
        Delivery delivery = due(webhook, "ev-1");
        deliveries.claim("instance-b", now, Duration.ofSeconds(60), 10);
        assertThrows(ManageWebhooks.DeliveryBusy.class,
                () -> manage.redeliver(ALICE, webhook.id().value(), delivery.id()));
        now = T0.plusSeconds(61);
        assertEquals(Delivery.Status.PENDING, manage.redeliver(ALICE, webhook.id().value(), delivery.id()).status());
    }

    @Test
    void anAttemptThatFailsInTheServiceIsRecordedAndRetriedNotLeftToItsClaim() {
        Delivery delivery = due(subscribe().webhook(), "ev-1");
        deliver = new DeliverWebhooks(webhooks, deliveries, (url, headers, body) -> {
            throw new IllegalArgumentException("port out of range");
        }, callbackSecrets, Transactions.NONE, recorded::addAll, () -> "id-" + ids.incrementAndGet(),
                DeliverWebhooksTest::half, () -> now, WebhookSettings.DEFAULT, "instance-a", Runnable::run);
        deliver.pass();
        Delivery after = stored(delivery);
        assertEquals(Delivery.Status.PENDING, after.status());
        assertEquals(T0.plusSeconds(5), after.nextAttemptAt());
        assertTrue(after.last().error().contains("IllegalArgumentException"), after.last().error());
    }

    @Test
    void aClaimedDeliveryIsNotTakenByAnotherInstanceUntilItsClaimRunsOut() {
        Webhook webhook = subscribe().webhook();
        due(webhook, "ev-1");
        List<Delivery> mine = deliveries.claim("instance-b", now, Duration.ofSeconds(60), 10);
        assertEquals(1, mine.size());
        assertEquals(0, deliver.pass(), "instance-b holds it");
        now = T0.plusSeconds(61);
        assertEquals(1, deliver.pass(), "its claim ran out: instance-b died mid-attempt");
        assertFalse(deliveries.attempted(mine.get(0).redelivered(now), "instance-b"),
                "instance-b's late result is not stored over it");
    }

    @Test
    void aCallbackIsPostedToItsUrlSignedWithItsOwnersCallbackSecretAndCountsForNoSubscription() {
        var secret = manage.callbackSecret(ALICE);
        Delivery callback = Delivery.toCallback("d-cb", "e-1", "https://app.example.com/done", ALICE, "ev-9",
                "execution.completed", "{\"id\":\"ev-9\"}", now);
        deliveries.addAll(List.of(callback));
        answers.add(status(410));

        deliver.pass();

        assertEquals(URI.create("https://app.example.com/done"), sent.get(0).url());
        assertTrue(Signatures.verifies(secret.secret(), T0.getEpochSecond(), sent.get(0).body(),
                sent.get(0).headers().get("X-Rpa-Signature")));
        assertEquals(Delivery.Status.FAILED, stored(callback).status());
        assertTrue(recorded.isEmpty(), "nothing to disable");

        var rotated = manage.rotateCallbackSecret(ALICE, 60L);
        now = now.plus(DeliverWebhooks.FRESH);   // attempts use a read of the secret up to that old
        deliveries.addAll(List.of(Delivery.toCallback("d-cb2", "e-1", "https://app.example.com/done", ALICE,
                "ev-10", "execution.failed", "{}", now)));
        deliver.pass();
        String header = sent.get(1).headers().get("X-Rpa-Signature");
        assertTrue(Signatures.verifies(rotated.secret(), now.getEpochSecond(), "{}", header));
        assertTrue(Signatures.verifies(secret.secret(), now.getEpochSecond(), "{}", header), "during the overlap");
    }

    @Test
    void aCallbackOfAnOwnerWithoutACallbackSecretIsGivenUpUnsent() {
        Delivery callback = Delivery.toCallback("d-cb", "e-1", "https://app.example.com/done", ALICE, "ev-9",
                "execution.completed", "{}", now);
        deliveries.addAll(List.of(callback));
        deliver.pass();
        assertEquals("its owner has no callback secret", stored(callback).last().error());
        assertTrue(sent.isEmpty());
    }

    @Test
    void aSubscriberWithItsShareInFlightIsPassedOverSoThatOthersAreNotHeldBehindIt() {
        List<Runnable> inFlight = new ArrayList<>();
        deliver = new DeliverWebhooks(webhooks, deliveries, receiver, callbackSecrets, Transactions.NONE,
                recorded::addAll, () -> "id-" + ids.incrementAndGet(), DeliverWebhooksTest::half, () -> now,
                WebhookSettings.DEFAULT.withPerSubscription(1), "instance-a", inFlight::add);
        Webhook slow = subscribe().webhook();
        Webhook fast = manage.create(ALICE, new ManageWebhooks.Input("https://fast.example.com/", List.of("*"), null,
                null)).webhook();
        for (int i = 1; i <= 3; i++) {
            due(slow, "slow-" + i);
        }
        now = T0.plusMillis(1);
        Delivery quick = due(fast, "fast-1");

        assertEquals(2, deliver.pass(), "one of the slow receiver's (its share) and the fast one's");
        assertEquals(0, deliver.pass(), "the slow receiver's others are passed over while its share is in flight");
        assertEquals(0, deliveries.claim("instance-b", now, Duration.ofSeconds(60), 10).size(),
                "they wait here, still claimed");
        while (!inFlight.isEmpty()) {
            inFlight.removeFirst().run();   // an attempt's end starts the next one of its subscriber, if one waits
        }
        assertEquals(Delivery.Status.DELIVERED, stored(quick).status());
        assertEquals(List.of("slow-1", "fast-1", "slow-2", "slow-3"), sent.stream()
                .map(r -> r.headers().get("X-Rpa-Event-Id")).toList());
    }

    @Test
    void aClaimThatWaitedHalfItsLeaseForASlowSubscriberIsReleasedForAnyInstance() {
        List<Runnable> inFlight = new ArrayList<>();
        deliver = new DeliverWebhooks(webhooks, deliveries, receiver, callbackSecrets, Transactions.NONE,
                recorded::addAll, () -> "id-" + ids.incrementAndGet(), DeliverWebhooksTest::half, () -> now,
                WebhookSettings.DEFAULT.withPerSubscription(1), "instance-a", inFlight::add);
        Webhook slow = subscribe().webhook();
        due(slow, "slow-1");
        due(slow, "slow-2");
        assertEquals(1, deliver.pass());
        now = T0.plus(WebhookSettings.DEFAULT.claimLease().dividedBy(2)).plusMillis(1);
        deliver.pass();
        List<Delivery> taken = deliveries.claim("instance-b", now, Duration.ofSeconds(60), 10);
        assertEquals(List.of("slow-2"), taken.stream().map(Delivery::eventId).toList());
    }
}
