package org.astronrpa.openapi.application.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
import org.astronrpa.openapi.domain.webhook.WebhookId;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;
import org.astronrpa.openapi.domain.webhook.WebhookTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attempts the deliveries that are due: each claimed by this instance alone (another instance takes others, and one
 * whose claim ran out — its instance died mid-attempt — is taken again), sent on its own virtual thread so that a slow
 * receiver holds up only its own subscription's share: at most {@link WebhookSettings#perSubscription} attempts of
 * one subscription at once; claims stop at {@link WebhookSettings#inFlight} held here, hand-overs at four times that
 * ({@link #takes}). What each attempt came to is stored with it
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
    /** Attempts in flight here per subscriber ({@link Delivery#subscriber()}); absent: none. Under {@link #held}. */
    private final Map<String, Integer> busy = new HashMap<>();
    /** Claimed here and not finished (in flight or waiting), with when each was claimed; guards the others. */
    private final Map<String, Instant> held = new HashMap<>();
    /** Claimed deliveries waiting for a slot of their subscriber, oldest first. Under {@link #held}. */
    private final Map<String, java.util.Deque<Delivery>> waiting = new HashMap<>();
    /**
     * How old a read of a subscription or a callback secret an attempt may use. Attempts of one subscription then share
     * one read a second however many there are: read each on its own, the deliveries that waited for their
     * subscription's share (a burst, a receiver slowing down) queued behind the two reads at a time below, and fell
     * further behind the more of them waited — seconds, measured. A change (a disable, a delete, a rotation) reaches
     * attempts within that second.
     */
    static final java.time.Duration FRESH = java.time.Duration.ofSeconds(1);
    /** The subscriptions as last read, by the fan-out (as it made their deliveries) or by an attempt. */
    private final RecentReads<WebhookId, Optional<Webhook>> subscriptions = new RecentReads<>();
    /** The owners' callback secrets as last read by an attempt. */
    private final RecentReads<org.astronrpa.openapi.domain.shared.UserId, Optional<CallbackSecret>> ownerSecrets =
            new RecentReads<>();
    /**
     * Reads of subscriptions and callback secrets by attempts at once: two, however many attempts run, so that a burst
     * of attempts never takes the connections requests and dispatch need.
     */
    private final java.util.concurrent.Semaphore reads = new java.util.concurrent.Semaphore(2);
    /** Attempts' outcomes on their way to the database (written in batches by {@link #writer}; inline without it). */
    private final java.util.concurrent.BlockingQueue<Outcome> outcomes = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile Thread writer;
    /** The last pass claimed as many as it had room for: more may be due in the database. */
    private volatile boolean filledRoom;
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
        writer = Thread.ofPlatform().name("webhook-outcomes").daemon(true).start(this::writeOutcomes);
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
        Thread writing;
        synchronized (this) {
            writing = writer;
        }
        if (writing != null) {
            try {
                writing.join(2_000);   // the outcomes of finished attempts are stored, not sent again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Claims as many due deliveries as there is room for — passing over the subscribers that have as many attempts in
     * flight here as they may, or claimed ones waiting for them — and starts the attempts their subscribers have room
     * for; the others wait here, still claimed, each starting as soon as an attempt of its subscriber ends (without
     * going back to the database). One that waited half its claim is released for any instance to take.
     *
     * @return how many attempts it started
     */
    public int pass() {
        Instant now = time.now();
        releaseStale(now);
        subscriptions.forgetStale(now);
        ownerSecrets.forgetStale(now);
        Set<String> full;
        int room;
        synchronized (held) {
            room = settings.inFlight() - held.size();
            full = new HashSet<>();
            busy.forEach((subscriber, n) -> {
                if (n >= settings.perSubscription()) {
                    full.add(subscriber);
                }
            });
        }
        if (room <= 0) {
            filledRoom = true;   // full: what is due waits in the database for the room the next ends make
            return 0;
        }
        // a claim that lost a race (a deadlock victim on MariaDB) claimed nothing: claim again now, not a second later
        int free = room;
        List<Delivery> claimed = LostRaces.retry(() -> deliveries.claim(claimant, now, settings.claimLease(), free,
                full));
        filledRoom = claimed.size() >= room;
        return take(claimed, now);
    }

    /**
     * Holds {@code claimed} (claimed by this instance at {@code now}): each one's attempt starts at once when its
     * subscriber has room, else it waits for it.
     *
     * @return how many attempts started
     */
    private int take(List<Delivery> claimed, Instant now) {
        List<Delivery> starting = new ArrayList<>();
        synchronized (held) {
            for (Delivery delivery : claimed) {
                if (held.containsKey(delivery.id())) {
                    continue;   // this instance's own, its claim run out while it is still here: attempted once
                }
                held.put(delivery.id(), now);
                if (takeSlot(delivery.subscriber())) {
                    starting.add(delivery);
                } else {
                    waiting.computeIfAbsent(delivery.subscriber(), k -> new ArrayDeque<>()).add(delivery);
                }
            }
        }
        starting.forEach(this::launch);
        return starting.size();
    }

    /**
     * Whether this instance takes {@code count} more deliveries at once ({@link #handOver}) — not while it holds as
     * many as it may claim: those then wait in the database for a pass.
     */
    public boolean takes(int count) {
        synchronized (held) {
            return held.size() + count <= settings.inFlight() * 4;
        }
    }

    /** Who claims for this instance (the fan-out stores its deliveries claimed by it). */
    public String claimant() {
        return claimant;
    }

    /** How long a claim lasts. */
    public java.time.Duration lease() {
        return settings.claimLease();
    }

    /**
     * Deliveries just stored claimed by this instance ({@link DeliveryRepository#addAllClaimed}): attempted at once,
     * or as soon as their subscriber has room, as claimed ones are — without a claim's round trip or a pass's wait.
     */
    public void handOver(List<Delivery> stored, Map<WebhookId, Webhook> read) {
        Instant now = time.now();
        // read by the fan-out a moment ago: their attempts need no read of their own
        read.forEach((id, webhook) -> subscriptions.put(id, Optional.of(webhook), now));
        take(stored, now);
    }

    /** Starts the attempt of {@code delivery}, whose subscriber's slot it holds. */
    private void launch(Delivery delivery) {
        attempts.execute(() -> {
            try {
                attemptHeld(delivery);
            } catch (RuntimeException e) {
                LOG.warn("webhook delivery {} could not be attempted; it is tried again once its claim runs out",
                        delivery.id(), e);
            } finally {
                finished(delivery);
            }
        });
    }

    /** An attempt ended: the next delivery waiting for its subscriber takes its slot, or the slot is freed. */
    private void finished(Delivery delivery) {
        Delivery next;
        synchronized (held) {
            held.remove(delivery.id());
            java.util.Deque<Delivery> queue = waiting.get(delivery.subscriber());
            next = queue == null ? null : queue.poll();
            if (queue != null && queue.isEmpty()) {
                waiting.remove(delivery.subscriber());
            }
            if (next == null) {
                freeSlot(delivery.subscriber());
            }
        }
        if (next != null) {
            launch(next);
        } else if (filledRoom) {
            nudge();   // room again, and the last pass left due ones behind: claimed now, not at the next second
        }
    }

    /** Releases the claims that waited here half their lease for a slow subscriber: any instance may take them. */
    private void releaseStale(Instant now) {
        Instant before = now.minus(settings.claimLease().dividedBy(2));
        List<Delivery> stale = new ArrayList<>();
        synchronized (held) {
            for (java.util.Iterator<java.util.Deque<Delivery>> queues = waiting.values().iterator();
                 queues.hasNext(); ) {
                java.util.Deque<Delivery> queue = queues.next();
                queue.removeIf(d -> {
                    Instant since = held.get(d.id());
                    if (since == null || since.isBefore(before)) {
                        stale.add(d);
                        held.remove(d.id());
                        return true;
                    }
                    return false;
                });
                if (queue.isEmpty()) {
                    queues.remove();
                }
            }
        }
        for (Delivery delivery : stale) {
            try {
                deliveries.release(delivery, claimant);
            } catch (RuntimeException e) {
                // its claim runs out by itself
            }
        }
    }

    /** One more attempt of {@code subscriber} in flight, unless it has its share already. Under {@link #held}. */
    private boolean takeSlot(String subscriber) {
        int now = busy.getOrDefault(subscriber, 0);
        if (now >= settings.perSubscription()) {
            return false;
        }
        busy.put(subscriber, now + 1);
        return true;
    }

    /** One attempt of {@code subscriber} fewer in flight (one with none is forgotten). Under {@link #held}. */
    private void freeSlot(String subscriber) {
        busy.computeIfPresent(subscriber, (key, n) -> n <= 1 ? null : n - 1);
    }

    /** What an attempt (or giving up) made of a delivery, on its way to the database. */
    private record Outcome(Delivery before, Delivery next, Optional<Webhook> webhook, RetryPolicy.Verdict verdict,
                           Instant at) {
    }

    private void attemptHeld(Delivery delivery) {
        try {
            attemptOnce(delivery);
        } catch (RuntimeException e) {
            // recorded as no answer (retried with backoff, in the log), not left to its claim's end over and over
            LOG.warn("webhook delivery {}: its attempt failed in the service", delivery.id(), e);
            Instant now = time.now();
            int number = delivery.attempts() + 1;
            AttemptResult failed = new AttemptResult.Unreachable("the attempt failed in the service: "
                    + e.getClass().getSimpleName(), java.time.Duration.ZERO);
            RetryPolicy.Verdict verdict = settings.retries().decide(delivery, number, failed, now, unit());
            Attempt attempt = Attempt.of(number, now, failed);
            record(new Outcome(delivery, verdict instanceof RetryPolicy.Verdict.RetryAt r
                    ? delivery.after(attempt, Delivery.Status.PENDING, r.at(), now)
                    : delivery.after(attempt, Delivery.Status.FAILED, null, now), Optional.empty(), verdict, now));
        }
    }

    private void attemptOnce(Delivery delivery) {
        Optional<Webhook> webhook = delivery.webhook() == null ? Optional.empty()
                : subscriptions.get(delivery.webhook(), () -> webhooks.find(delivery.webhook()));
        boolean ping = ManageWebhooks.PING.equals(delivery.topic());
        if (delivery.webhook() != null && (webhook.isEmpty() || !(ping || webhook.get().isActive()))) {
            String reason = webhook.isEmpty() ? "the webhook was deleted" : "the webhook is disabled";
            Instant now = time.now();
            record(new Outcome(delivery, delivery.abandoned(reason, now), webhook, null, now));
            return;
        }
        URI url;
        List<SigningSecret> secrets;
        if (webhook.isPresent()) {
            url = webhook.get().definition().url();
            secrets = webhook.get().secretsAt(time.now());
        } else {
            Optional<CallbackSecret> secret = ownerSecrets.get(delivery.owner(), () -> callbackSecrets.find(delivery.owner()));
            if (secret.isEmpty()) {   // made before its execution was stored: cannot happen but by hand
                Instant now = time.now();
                record(new Outcome(delivery, delivery.abandoned("its owner has no callback secret", now), webhook,
                        null, now));
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
        record(new Outcome(delivery, next, webhook, verdict, now));
    }

    /**
     * What was last read of each key, used for {@link #FRESH}; a read takes one of the {@link #reads} and looks
     * again once it has it (another attempt may have read the same meanwhile).
     */
    private final class RecentReads<K, V> {
        private final Map<K, Read<V>> last = new ConcurrentHashMap<>();

        V get(K key, java.util.function.Supplier<V> query) {
            Read<V> seen = last.get(key);
            if (fresh(seen, time.now())) {
                return seen.value();
            }
            reads.acquireUninterruptibly();
            try {
                Instant at = time.now();
                seen = last.get(key);
                if (fresh(seen, at)) {
                    return seen.value();
                }
                V value = query.get();
                last.put(key, new Read<>(value, at));
                return value;
            } finally {
                reads.release();
            }
        }

        void put(K key, V value, Instant at) {
            last.put(key, new Read<>(value, at));
        }

        /** Forgets the reads no attempt may use any more (each pass: the map holds the last second's keys). */
        void forgetStale(Instant now) {
            last.values().removeIf(read -> !fresh(read, now));
        }

        private static boolean fresh(Read<?> read, Instant now) {
            return read != null && now.isBefore(read.at().plus(FRESH));
        }
    }

    /** A value read at a time. */
    private record Read<V>(V value, Instant at) {
    }

    /** Hands an outcome to the writer (or, without one, writes it now). */
    private void record(Outcome outcome) {
        if (writer == null) {
            write(List.of(outcome));
        } else {
            outcomes.add(outcome);
        }
    }

    /** Writes what the writer took: every outcome in one go; then each stored one is heard of and counted. */
    private void write(List<Outcome> batch) {
        java.util.Set<String> stored = deliveries.attemptedAll(batch.stream().map(Outcome::next).toList(), claimant);
        for (Outcome outcome : batch) {
            if (!stored.contains(outcome.next().id())) {
                LOG.info("webhook delivery {} was taken by another instance meanwhile (its claim ran out)",
                        outcome.next().id());
                continue;
            }
            try {
                heard(outcome);
            } catch (RuntimeException e) {
                LOG.warn("webhook delivery {} is stored; telling its subscription of it failed",
                        outcome.next().id(), e);
            }
        }
    }

    /** A stored outcome: counted, and told to its subscription (a callback has none to count for or disable). */
    private void heard(Outcome outcome) {
        RetryPolicy.Verdict verdict = outcome.verdict();
        observer.attempted(verdict == null ? WebhookObserver.Outcome.ABANDONED : switch (verdict) {
            case RetryPolicy.Verdict.Delivered d -> WebhookObserver.Outcome.DELIVERED;
            case RetryPolicy.Verdict.RetryAt r -> WebhookObserver.Outcome.RETRIED;
            case RetryPolicy.Verdict.Failed f -> WebhookObserver.Outcome.FAILED;
        }, lag(outcome.before(), outcome.at()));
        boolean ping = ManageWebhooks.PING.equals(outcome.next().topic());
        if (verdict != null && !ping && outcome.webhook().isPresent()) {
            tell(outcome.webhook().get(), verdict);
        }
    }

    /** The writer's loop: whatever outcomes wait, written together, until closed and none is left. */
    private void writeOutcomes() {
        while (!closed || !outcomes.isEmpty()) {
            List<Outcome> batch = new ArrayList<>();
            try {
                Outcome first = outcomes.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                if (outcomes.isEmpty()) {
                    return;
                }
            }
            outcomes.drainTo(batch, 499);
            try {
                write(batch);
            } catch (RuntimeException e) {
                LOG.warn("{} webhook delivery outcomes could not be stored; those deliveries are attempted again once "
                        + "their claims run out", batch.size(), e);
            }
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
                    subscriptions.put(was.id(), current, now);
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
                // the next attempts here see what this one made of it (its failures in a row, disabled) at once
                subscriptions.put(next.id(), Optional.of(next), now);
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
        nextPurge = now.plusSeconds(60);
        try {
            // batches until none is left (a busy service makes far more than one batch a minute), at most 10 s
            Instant end = now.plusSeconds(10);
            int purged;
            do {
                purged = deliveries.purgeFinishedBefore(now.minus(settings.logRetention()), 5_000);
                if (purged > 0) {
                    LOG.debug("purged {} finished webhook deliveries", purged);
                }
            } while (purged == 5_000 && time.now().isBefore(end) && !closed);
        } catch (RuntimeException e) {
            LOG.warn("purging finished webhook deliveries failed; the next purge tries again", e);
        }
    }
}
