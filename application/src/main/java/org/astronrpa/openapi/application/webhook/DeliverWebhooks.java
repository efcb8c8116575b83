package org.astronrpa.openapi.application.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.astronrpa.openapi.application.change.LostRaces;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.RandomSource;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.webhook.Attempt;
import org.astronrpa.openapi.domain.webhook.AttemptResult;
import org.astronrpa.openapi.domain.webhook.CallbackSecret;
import org.astronrpa.openapi.domain.webhook.CallbackSecretStore;
import org.astronrpa.openapi.domain.webhook.Delivery;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.RetryPolicy;
import org.astronrpa.openapi.domain.webhook.Signatures;
import org.astronrpa.openapi.domain.webhook.SigningSecret;
import org.astronrpa.openapi.domain.webhook.Webhook;
import org.astronrpa.openapi.domain.webhook.WebhookEvent;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;
import org.astronrpa.openapi.domain.webhook.WebhookTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attempts the deliveries that are due: each claimed by this instance alone (another instance takes others, and one
 * whose claim ran out — its instance died mid-attempt — is taken again), sent on its own virtual thread so that a slow
 * receiver holds up only its own subscription's share: at most {@link WebhookSettings#perSubscription} attempts of
 * one subscription and {@link WebhookSettings#inFlight} in all at once. What each attempt came to is stored with it
 * in the log, and the subscription hears of it: a success clears its failures in a row, a 410 or the last of too many
 * failures disables it (a {@code webhook.disabled} event, through the outbox). Dispatch never waits for any of it.
 */
public final class DeliverWebhooks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliverWebhooks.class);
    static final String USER_AGENT = "astron-rpa-openapi-webhooks/1";

    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final WebhookTransport transport;
    private final CallbackSecretStore callbackSecrets;
    private final Transactions transactions;
    private final DomainEvents events;
    private final IdGenerator ids;
    private final RandomSource random;
    private final TimeSource time;
    private final WebhookSettings settings;
    private final String claimant;
    private final Executor attempts;
    private final Semaphore inFlight;
    /** Attempts in flight here per subscriber ({@link Delivery#subscriber()}); absent: none. */
    private final Map<String, Integer> busy = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nudged = lock.newCondition();
    private boolean wanted;
    private volatile boolean closed;
    private Thread loop;
    private Instant nextPurge = Instant.MIN;
    private volatile WebhookObserver observer = WebhookObserver.NONE;

    /**
     * @param claimant unique among the instances on one database (this instance's id)
     * @param attempts where attempts run: a thread each (virtual threads)
     */
    public DeliverWebhooks(WebhookRepository webhooks, DeliveryRepository deliveries, WebhookTransport transport,
                           CallbackSecretStore callbackSecrets, Transactions transactions, DomainEvents events, IdGenerator ids, RandomSource random,
                           TimeSource time, WebhookSettings settings, String claimant, Executor attempts) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.transport = transport;
        this.callbackSecrets = callbackSecrets;
        this.transactions = transactions;
        this.events = events;
        this.ids = ids;
        this.random = random;
        this.time = time;
        this.settings = settings;
        this.claimant = claimant;
        this.attempts = attempts;
        this.inFlight = new Semaphore(settings.inFlight());
    }

    /** Who hears of each attempt (the composition root's metrics). */
    public void observeWith(WebhookObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
    }

    /** Runs passes on a thread of its own: each second, and as soon as {@link #nudge() nudged}. */
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        loop = Thread.ofPlatform().name("webhook-deliveries").daemon(true).start(() -> {
            while (!closed) {
                try {
                    pass();
                    purgeIfDue();
                } catch (RuntimeException e) {
                    LOG.warn("a webhook delivery pass failed; the next one tries again", e);
                }
                awaitNudge();
            }
        });
    }

    /** A delivery is due now: the next pass starts at once. */
    public void nudge() {
        lock.lock();
        try {
            wanted = true;
            nudged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void awaitNudge() {
        lock.lock();
        try {
            if (!wanted) {
                nudged.await(1, java.util.concurrent.TimeUnit.SECONDS);
            }
            wanted = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = loop;
        }
        if (running != null) {
            running.interrupt();
        }
    }

    /**
     * Claims as many due deliveries as there is room for — passing over the subscribers that have as many attempts in
     * flight here as they may — and starts their attempts.
     *
     * @return how many it started
     */
    public int pass() {
        int room = inFlight.availablePermits();
        if (room == 0) {
            return 0;
        }
        Set<String> full = new HashSet<>();
        busy.forEach((subscriber, n) -> {
            if (n >= settings.perSubscription()) {
                full.add(subscriber);
            }
        });
        List<Delivery> claimed = deliveries.claim(claimant, time.now(), settings.claimLease(), room, full);
        int started = 0;
        for (Delivery delivery : claimed) {
            if (!takeSlot(delivery.subscriber())) {
                deliveries.release(delivery, claimant);   // its share filled meanwhile: for the next pass
                continue;
            }
            if (!inFlight.tryAcquire()) {
                freeSlot(delivery.subscriber());
                deliveries.release(delivery, claimant);
                continue;
            }
            started++;
            attempts.execute(() -> {
                try {
                    attemptHeld(delivery);
                } catch (RuntimeException e) {
                    LOG.warn("webhook delivery {} could not be attempted; it is tried again once its claim runs out",
                            delivery.id(), e);
                } finally {
                    freeSlot(delivery.subscriber());
                    inFlight.release();
                    nudge();   // room again: what waits behind it is claimed now, not at the next second
                }
            });
        }
        return started;
    }

    /** One more attempt of {@code subscriber} in flight, unless it has its share already. */
    private boolean takeSlot(String subscriber) {
        boolean[] taken = {false};
        busy.compute(subscriber, (key, n) -> {
            int now = n == null ? 0 : n;
            if (now >= settings.perSubscription()) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** One attempt of {@code subscriber} fewer in flight (a subscriber with none is forgotten). */
    private void freeSlot(String subscriber) {
        busy.computeIfPresent(subscriber, (key, n) -> n <= 1 ? null : n - 1);
    }

    private void attemptHeld(Delivery delivery) {
        Optional<Webhook> webhook = delivery.webhook() == null ? Optional.empty() : webhooks.find(delivery.webhook());
        boolean ping = ManageWebhooks.PING.equals(delivery.topic());
        if (delivery.webhook() != null && (webhook.isEmpty() || !(ping || webhook.get().isActive()))) {
            String reason = webhook.isEmpty() ? "the webhook was deleted" : "the webhook is disabled";
            abandon(delivery, reason);
            return;
        }
        URI url;
        List<SigningSecret> secrets;
        if (webhook.isPresent()) {
            url = webhook.get().definition().url();
            secrets = webhook.get().secretsAt(time.now());
        } else {
            Optional<CallbackSecret> secret = callbackSecrets.find(delivery.owner());
            if (secret.isEmpty()) {   // made before its execution was stored: cannot happen but by hand
                abandon(delivery, "its owner has no callback secret");
                return;
            }
            url = URI.create(delivery.url());
            secrets = secret.get().secretsAt(time.now());
        }
        int number = delivery.attempts() + 1;
        Instant started = time.now();
        AttemptResult result = transport.send(url, headers(delivery, number, secrets, started), delivery.body());
        Instant now = time.now();
        RetryPolicy.Verdict verdict = settings.retries().decide(delivery, number, result, now, unit());
        Attempt attempt = Attempt.of(number, started, result);
        Delivery next = switch (verdict) {
            case RetryPolicy.Verdict.Delivered d -> delivery.after(attempt, Delivery.Status.DELIVERED, null, now);
            case RetryPolicy.Verdict.RetryAt r -> delivery.after(attempt, Delivery.Status.PENDING, r.at(), now);
            case RetryPolicy.Verdict.Failed f -> delivery.after(new Attempt(number, started, attempt.statusCode(),
                    attempt.latency(), f.reason(), attempt.responseBody()), Delivery.Status.FAILED, null, now);
        };
        if (!deliveries.attempted(next, claimant)) {
            LOG.info("webhook delivery {} was taken by another instance meanwhile (its claim ran out)", delivery.id());
            return;
        }
        observer.attempted(switch (verdict) {
            case RetryPolicy.Verdict.Delivered d -> WebhookObserver.Outcome.DELIVERED;
            case RetryPolicy.Verdict.RetryAt r -> WebhookObserver.Outcome.RETRIED;
            case RetryPolicy.Verdict.Failed f -> WebhookObserver.Outcome.FAILED;
        }, lag(delivery, now));
        if (!ping && webhook.isPresent()) {
            tell(webhook.get(), verdict);   // a callback has no subscription to count for or disable
        }
    }

    private void abandon(Delivery delivery, String reason) {
        Instant now = time.now();
        if (deliveries.attempted(delivery.abandoned(reason, now), claimant)) {
            observer.attempted(WebhookObserver.Outcome.ABANDONED, lag(delivery, now));
        }
    }

    private static java.time.Duration lag(Delivery delivery, Instant now) {
        java.time.Duration lag = java.time.Duration.between(delivery.createdAt(), now);
        return lag.isNegative() ? java.time.Duration.ZERO : lag;
    }

    /** The subscription hears how its delivery ended (a retry tells it nothing yet). */
    private void tell(Webhook webhook, RetryPolicy.Verdict verdict) {
        if (verdict instanceof RetryPolicy.Verdict.RetryAt) {
            return;
        }
        if (verdict instanceof RetryPolicy.Verdict.Delivered && webhook.consecutiveFailures() == 0) {
            return;
        }
        try {
            LostRaces.retry(() -> {
                Optional<Webhook> current = webhooks.find(webhook.id());
                if (current.isEmpty()) {
                    return null;
                }
                Webhook was = current.get();
                Instant now = time.now();
                Webhook next = switch (verdict) {
                    case RetryPolicy.Verdict.Delivered d -> was.delivered(now);
                    case RetryPolicy.Verdict.Failed f when f.gone() -> was.isActive()
                            ? was.disabled("the receiver answered 410 Gone", now) : was;
                    case RetryPolicy.Verdict.Failed f -> was.deliveryFailed(settings.disableAfterFailures(), now);
                    case RetryPolicy.Verdict.RetryAt r -> was;
                };
                if (next == was) {
                    return null;
                }
                transactions.atomically(() -> {
                    webhooks.update(was, next);
                    if (was.isActive() && !next.isActive()) {
                        events.record(List.of(WebhookEvent.Disabled.of(ids.newId(), next, now)));
                        LOG.info("webhook {} of {} disabled: {}", next.id(), next.owner(), next.disabledReason());
                    }
                    return null;
                });
                return null;
            });
        } catch (ConcurrentUpdate lost) {
            LOG.info("webhook {} changed too often to count its delivery's outcome", webhook.id());
        }
    }

    private Map<String, String> headers(Delivery delivery, int number, List<SigningSecret> secrets, Instant at) {
        long timestamp = at.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", USER_AGENT);
        headers.put("X-Rpa-Event-Id", delivery.eventId());
        headers.put("X-Rpa-Event-Type", delivery.topic());
        headers.put("X-Rpa-Delivery-Id", delivery.id());
        headers.put("X-Rpa-Delivery-Attempt", Integer.toString(number));
        headers.put("X-Rpa-Timestamp", Long.toString(timestamp));
        headers.put("X-Rpa-Signature", Signatures.header(secrets, timestamp, delivery.body()));
        return headers;
    }

    private double unit() {
        byte[] bytes = new byte[8];
        random.fill(bytes);
        long bits = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xff);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }

    private void purgeIfDue() {
        Instant now = time.now();
        if (now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plusSeconds(600);
        try {
            int purged = deliveries.purgeFinishedBefore(now.minus(settings.logRetention()), 10_000);
            if (purged > 0) {
                LOG.debug("purged {} finished webhook deliveries", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("purging finished webhook deliveries failed; the next purge tries again", e);
        }
    }
}
