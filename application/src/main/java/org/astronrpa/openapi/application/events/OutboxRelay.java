package org.astronrpa.openapi.application.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the outbox holds, in order per aggregate, at least once. Two ways in:
 * <ul>
 *   <li><b>handed over</b> (the usual one): a writer appends its change's events leased to this relay
 *   ({@link #writerLease()}, {@link Outbox#append(List, Outbox.Lease)}) and registers them ({@link #expect}) in the
 *   same transaction; once it commits, {@link Handover#committed()} makes them ready and a drain publishes them from
 *   memory — no claim, one UPDATE a drain to mark what it published. An aggregate's entries wait in memory behind
 *   its earlier ones still in flight (registered, not yet committed), so that a thread that commits later but hands
 *   over sooner cannot overtake;</li>
 *   <li><b>claimed</b>: a {@link #pass()} (periodic, or {@link #nudge() nudged}) claims what nobody holds: events
 *   appended unleased (held back behind another relay's row, or while this relay's memory is full) and the rows of
 *   a relay that died, once its lease has run out.</li>
 * </ul>
 * Both feed one memory of entries per aggregate in position order, drained under one lock. A relay that dies after
 * publishing and before marking has those events published again by whoever claims after its lease, so consumers
 * deduplicate by event id. A publication that fails stops the drain; what is left waits in memory for the next
 * one. Published rows are purged once they are older than the retention.
 */
public final class OutboxRelay {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    /** What the relay reports: each event it published, and how long after it happened. */
    @FunctionalInterface
    public interface Metrics {
        void published(DomainEvent event, Duration lag);

        Metrics NONE = (event, lag) -> {
        };
    }

    /**
     * Test fault injection only: called at the two points where a crash matters (rows leased but not published;
     * published but not marked), so that a test can stop the relay exactly there and kill the process. Production
     * passes {@link #NONE}; bootstrap installs another only when a test asks for it with a system property.
     */
    public interface FaultInjection {
        /** These entries are leased to this relay (claimed, or handed over) and none of them is published yet. */
        void afterClaim(List<Outbox.Entry> batch);

        /** These entries are published and not yet marked published. */
        void afterPublish(List<Outbox.Entry> published);

        FaultInjection NONE = new FaultInjection() {
            @Override
            public void afterClaim(List<Outbox.Entry> batch) {
            }

            @Override
            public void afterPublish(List<Outbox.Entry> published) {
            }
        };
    }

    /**
     * @param relayId    unique among the relays on one database (this instance's id)
     * @param batchSize  rows claimed at a time
     * @param lease      how long claimed or handed-over rows are this relay's alone: far longer than publishing
     *                   them takes
     * @param retention  how long published rows are kept
     * @param purgeEvery how often a pass purges
     * @param memoryLimit events held in memory at most; past it, writers append unleased and claims wait
     * @param alone      the only relay on its database: see {@link #asOnlyRelay()}
     */
    public record Settings(String relayId, int batchSize, Duration lease, Duration retention, Duration purgeEvery,
                           int memoryLimit, boolean alone) {
        public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
        public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
        /** Events held in memory at most (handed over or claimed, not yet published): a few MiB. */
        public static final int DEFAULT_MEMORY_LIMIT = 20_000;

        public Settings {
            Objects.requireNonNull(relayId, "relayId");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1");
            }
            if (memoryLimit < 1) {
                throw new IllegalArgumentException("memoryLimit must be at least 1");
            }
            requirePositive(lease, "lease");
            requirePositive(retention, "retention");
            requirePositive(purgeEvery, "purgeEvery");
        }

        /** With the default memory limit. */
        public Settings(String relayId, int batchSize, Duration lease, Duration retention, Duration purgeEvery) {
            this(relayId, batchSize, lease, retention, purgeEvery, DEFAULT_MEMORY_LIMIT, false);
        }

        /** The same settings holding at most {@code limit} events in memory. */
        public Settings withMemoryLimit(int limit) {
            return new Settings(relayId, batchSize, lease, retention, purgeEvery, limit, alone);
        }

        /**
         * The same settings for the only relay on its database (a single instance): once the rows left from before
         * it started are published, writers' appends skip the look for earlier rows held elsewhere, and the memory
         * limit no longer applies to them — its publisher is in-process and does not fail, so what it holds is
         * only what is in flight.
         */
        public Settings asOnlyRelay() {
            return new Settings(relayId, batchSize, lease, retention, purgeEvery, memoryLimit, true);
        }

        /** 100 rows a claim, the default 30 s lease, a purge every 10 minutes. */
        public static Settings of(String relayId, Duration retention) {
            return of(relayId, DEFAULT_LEASE, retention);
        }

        /**
         * 100 rows a claim, a purge every 10 minutes.
         *
         * @param lease also how long the rows a dead relay held wait before another relay publishes them
         */
        public static Settings of(String relayId, Duration lease, Duration retention) {
            return new Settings(relayId, 100, lease, retention, Duration.ofMinutes(10));
        }

        private static void requirePositive(Duration duration, String name) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }

    private final Outbox outbox;
    private final DomainEvents publisher;
    private final TimeSource time;
    private final Executor nudges;
    private final Settings settings;
    private final Metrics metrics;
    private final FaultInjection faults;
    private final ReentrantLock passing = new ReentrantLock();
    /** What must take each batch before any of it is published ({@link #requireFirst}). */
    private volatile Consumer<List<DomainEvent>> first = events -> { };
    /** A task is queued on the nudge executor; whether it is to claim too. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean claimWanted = new AtomicBoolean();
    /** Guards {@link #queues}, {@link #known} and {@link #held}; never held while publishing or querying. */
    private final Object memory = new Object();
    /** Per aggregate, its entries in this relay's hands, in position order. */
    private final Map<String, TreeMap<Long, Item>> queues = new HashMap<>();
    /** Positions in {@link #queues}, and published ones not yet marked: what a claim must not adopt again. */
    private final Set<Long> known = new HashSet<>();
    private int held;
    /** Published, not yet marked published (deferred, or the mark failed). Guarded by passing. */
    private final List<Outbox.Entry> unmarked = new ArrayList<>();
    /** When the oldest of {@link #unmarked} was published. Guarded by passing. */
    private Instant firstUnmarked;
    /** A hand-over's drain marks once this many published events wait for it... */
    static final int MARK_BATCH = 200;
    /** ...or once the oldest of them waited this long. */
    static final Duration MARK_AFTER = Duration.ofMillis(100);
    private Instant nextPurge;
    /** When this relay started: rows created before it may be held by a relay that died. */
    private final Instant started;
    /** Alone, and the rows left from before it started are published: appends need not look for them. */
    private volatile boolean nothingLeftOver;

    /** An entry in this relay's memory: ready once its transaction has committed (claimed ones are at once). */
    private static final class Item {
        final Outbox.Entry entry;
        final String aggregate;
        final Instant since;
        boolean ready;

        Item(Outbox.Entry entry, Instant since, boolean ready) {
            this.entry = entry;
            this.aggregate = aggregateOf(entry.event());
            this.since = since;
            this.ready = ready;
        }
    }

    /**
     * The entries a writer appended leased to this relay, between its append and the end of its transaction: tell
     * the relay which way it ended. Both calls are safe to repeat; one that never comes is given up after the lease
     * (a committed row is then claimed like any other).
     */
    public final class Handover {
        private final List<Item> items;

        private Handover(List<Item> items) {
            this.items = items;
        }

        /** The transaction committed: the entries may be published, and are soon. */
        public void committed() {
            synchronized (memory) {
                for (Item item : items) {
                    item.ready = true;
                }
            }
            schedule(false);
        }

        /** The transaction rolled back: the entries were never stored. */
        public void rolledBack() {
            synchronized (memory) {
                for (Item item : items) {
                    forget(item);
                }
            }
        }
    }

    /**
     * @param publisher where events go (today's bus); it may throw: the event and those after it then wait for
     *                  the next pass
     * @param nudges    runs the drains and passes that hand-overs and {@link #nudge()} ask for
     */
    public OutboxRelay(Outbox outbox, DomainEvents publisher, TimeSource time, Executor nudges, Settings settings,
                       Metrics metrics) {
        this(outbox, publisher, time, nudges, settings, metrics, FaultInjection.NONE);
    }

    /** The same with test fault injection ({@link FaultInjection#NONE} in production). */
    public OutboxRelay(Outbox outbox, DomainEvents publisher, TimeSource time, Executor nudges, Settings settings,
                       Metrics metrics, FaultInjection faults) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.time = time;
        this.nudges = nudges;
        this.settings = settings;
        this.metrics = metrics;
        this.faults = Objects.requireNonNull(faults, "faults");
        this.started = time.now();
    }

    private static String aggregateOf(DomainEvent event) {
        return event.aggregateType() + ":" + event.aggregateId();
    }

    /**
     * The lease for a writer's append, so that it can hand its events over: this relay's until now plus the lease;
     * empty while this relay's memory is full (the writer then appends unleased, for claims), unless it is alone.
     */
    public Optional<Outbox.Lease> writerLease() {
        if (nothingLeftOver) {
            return Optional.of(new Outbox.Lease(settings.relayId(), time.now().plus(settings.lease()), true));
        }
        if (!settings.alone()) {
            synchronized (memory) {
                if (held >= settings.memoryLimit()) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new Outbox.Lease(settings.relayId(), time.now().plus(settings.lease())));
    }

    /**
     * Registers entries just appended leased to this relay, in the transaction that appended them: later entries of
     * their aggregates wait behind them until the returned hand-over says how the transaction ended.
     */
    public Handover expect(List<Outbox.Entry> leased) {
        Instant now = time.now();
        List<Item> items = new ArrayList<>(leased.size());
        synchronized (memory) {
            for (Outbox.Entry entry : leased) {
                Item item = new Item(entry, now, false);
                if (remember(item)) {
                    items.add(item);
                }
            }
        }
        return new Handover(items);
    }

    /** Adds an item unless its position is known already; under {@link #memory}. */
    private boolean remember(Item item) {
        if (!known.add(item.entry.position())) {
            return false;
        }
        queues.computeIfAbsent(item.aggregate, key -> new TreeMap<>()).put(item.entry.position(), item);
        held++;
        return true;
    }

    /** Removes an item from memory (published, rolled back or given up); under {@link #memory}. */
    private void forget(Item item) {
        TreeMap<Long, Item> queue = queues.get(item.aggregate);
        if (queue != null && queue.remove(item.entry.position(), item)) {
            held--;
            known.remove(item.entry.position());
            if (queue.isEmpty()) {
                queues.remove(item.aggregate);
            }
        }
    }

    /**
     * Asks for a full pass (a drain, then claims) soon, on the nudge executor; requests that come while one waits
     * to start are one. Never throws: a pass that fails is logged, and the periodic pass tries again.
     */
    public void nudge() {
        schedule(true);
    }

    private void schedule(boolean claim) {
        if (claim) {
            claimWanted.set(true);
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                nudges.execute(() -> {
                    scheduled.set(false);
                    boolean full = claimWanted.getAndSet(false);
                    try {
                        if (full) {
                            pass();
                        } else {
                            drainHandedOver();
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("outbox relay {}: a pass failed; the next one tries again", settings.relayId(), e);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                // the service is stopping: what waits is published by its last drain, or by the next instance
                scheduled.set(false);
            }
        }
    }

    /**
     * Publishes what was handed over, then claims and publishes what is free, batch after batch, until no more is
     * free, this relay's memory is full or a publication fails; then purges when due. One pass or drain at a time.
     *
     * @return how many events were published
     */
    public int pass() {
        passing.lock();
        try {
            giveUpStale();
            int published = drainLocked(true);
            if (settings.alone() && !nothingLeftOver) {
                noticeWhenNothingIsLeftOver();
            }
            while (!memoryFull()) {
                List<Outbox.Entry> batch = outbox.claim(settings.relayId(), settings.batchSize(), time.now(),
                        settings.lease());
                if (batch.isEmpty()) {
                    break;
                }
                adopt(batch);
                published += drainLocked(true);
                if (batch.size() < settings.batchSize() || stuck()) {
                    break;
                }
            }
            purgeIfDue();
            return published;
        } finally {
            passing.unlock();
        }
    }

    /**
     * Publishes what was handed over and is ready, in order per aggregate, and marks it published; one pass or drain
     * at a time.
     *
     * @return how many events were published
     */
    public int drain() {
        passing.lock();
        try {
            return drainLocked(true);
        } finally {
            passing.unlock();
        }
    }

    /**
     * Before the service stops: one last drain of what was handed over, waiting at most {@code wait} for a pass in
     * progress. What is left is published by the next relay that claims after the lease.
     */
    public void drainBeforeStop(Duration wait) {
        try {
            if (passing.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    drainLocked(true);
                } finally {
                    passing.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("outbox relay {}: the last drain failed; the next instance publishes what is left",
                    settings.relayId(), e);
        }
    }

    /**
     * Alone on the database, the relay's writers may skip the look for earlier rows held elsewhere once every row
     * created before it started is published (they may be a dead relay's, leased for a while yet); the claims of
     * this and the next passes publish them.
     */
    private void noticeWhenNothingIsLeftOver() {
        Optional<Instant> oldest = outbox.backlog().oldest();
        if (oldest.isEmpty() || !oldest.get().isBefore(started)) {
            nothingLeftOver = true;
            LOG.debug("outbox relay {}: nothing is left over from before it started; appends need not look for it",
                    settings.relayId());
        }
    }

    /** How far behind the relays are: for the depth and lag gauges. */
    public Outbox.Backlog backlog() {
        return outbox.backlog();
    }

    /** Events in this relay's memory: handed over or claimed, not yet published. */
    public int held() {
        synchronized (memory) {
            return held;
        }
    }

    private boolean memoryFull() {
        return held() >= settings.memoryLimit();
    }

    /** Whether the memory holds ready entries that the last drain could not publish. */
    private boolean stuck() {
        synchronized (memory) {
            for (TreeMap<Long, Item> queue : queues.values()) {
                if (queue.firstEntry().getValue().ready) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Claimed entries join the memory, ready (a claim gives only committed rows), in their aggregate's order. */
    private void adopt(List<Outbox.Entry> batch) {
        Instant now = time.now();
        synchronized (memory) {
            for (Outbox.Entry entry : batch) {
                remember(new Item(entry, now, true));
            }
        }
    }

    /**
     * Entries registered and never handed over for longer than the lease (a writer that did not say how its
     * transaction ended) leave the memory: a committed one is claimed once its lease has run out.
     */
    private void giveUpStale() {
        Instant cutoff = time.now().minus(settings.lease());
        List<Item> stale = new ArrayList<>();
        synchronized (memory) {
            for (TreeMap<Long, Item> queue : queues.values()) {
                for (Item item : queue.values()) {
                    if (!item.ready && item.since.isBefore(cutoff)) {
                        stale.add(item);
                    }
                }
            }
            stale.forEach(this::forget);
        }
        if (!stale.isEmpty()) {
            LOG.warn("outbox relay {}: {} events were registered {} ago and never handed over; they are left to "
                    + "claims", settings.relayId(), stale.size(), settings.lease());
        }
    }

    /**
     * The drain a hand-over asks for: publishes at once and marks at once — except a relay alone on its database,
     * which marks once {@value #MARK_BATCH} events wait for it or the oldest waited {@link #MARK_AFTER}, so that a
     * busy relay marks in few statements (a periodic pass marks the rest). In a cluster an unmarked row counts as
     * unpublished: another instance's next change of the same aggregate would wait behind it for a claim. What is
     * published and not yet marked is published again only if this relay dies first.
     */
    private void drainHandedOver() {
        passing.lock();
        try {
            drainLocked(false);
        } finally {
            passing.unlock();
        }
    }

    /**
     * Under {@link #passing}: publishes the ready heads of the queues in position order, then marks what was
     * published ({@code markNow}), or leaves it for a later drain when few wait and not for long.
     */
    private int drainLocked(boolean markNow) {
        List<Item> ready = new ArrayList<>();
        synchronized (memory) {
            for (TreeMap<Long, Item> queue : queues.values()) {
                for (Item item : queue.values()) {
                    if (!item.ready) {
                        break;
                    }
                    ready.add(item);
                }
            }
        }
        int done = 0;
        if (!ready.isEmpty()) {
            ready.sort(Comparator.comparingLong(item -> item.entry.position()));
            List<Outbox.Entry> entries = ready.stream().map(item -> item.entry).toList();
            faults.afterClaim(entries);
            done = publish(entries);
            faults.afterPublish(entries.subList(0, done));
            synchronized (memory) {
                for (Item item : ready.subList(0, done)) {
                    forget(item);
                    known.add(item.entry.position());   // until marked
                }
            }
            if (unmarked.isEmpty() && done > 0) {
                firstUnmarked = time.now();
            }
            unmarked.addAll(entries.subList(0, done));
        }
        if (markNow || !settings.alone() || unmarked.size() >= MARK_BATCH
                || !unmarked.isEmpty() && !time.now().isBefore(firstUnmarked.plus(MARK_AFTER))) {
            markPublished();
        }
        return done;
    }

    /** Marks what was published; a failure leaves it for the next drain (a claim cannot take it meanwhile). */
    private void markPublished() {
        if (unmarked.isEmpty()) {
            return;
        }
        try {
            outbox.published(List.copyOf(unmarked), time.now());
        } catch (RuntimeException e) {
            LOG.warn("outbox relay {}: marking {} events published failed; the next drain tries again",
                    settings.relayId(), unmarked.size(), e);
            return;
        }
        synchronized (memory) {
            for (Outbox.Entry entry : unmarked) {
                known.remove(entry.position());
            }
        }
        unmarked.clear();
    }

    /**
     * Has {@code consumer} take each batch of events before any of them is published: a consumer that makes something
     * durable of them (webhook deliveries) in one go, a batch at a time rather than an event at a time. When it fails,
     * none of the batch is published; the batch waits for the next pass, and is given to it again (so it must take a
     * batch twice as once).
     */
    public void requireFirst(Consumer<List<DomainEvent>> consumer) {
        this.first = Objects.requireNonNull(consumer, "consumer");
    }

    /**
     * Publishes the entries in order until one fails; how many were published. Entries of other aggregates after
     * the failed one wait too: the next drain tries them in the same order.
     */
    private int publish(List<Outbox.Entry> batch) {
        try {
            first.accept(batch.stream().map(Outbox.Entry::event).toList());
        } catch (RuntimeException e) {
            LOG.warn("outbox relay {}: {} events could not be taken before publishing; they wait for the next pass",
                    settings.relayId(), batch.size(), e);
            return 0;
        }
        for (int i = 0; i < batch.size(); i++) {
            DomainEvent event = batch.get(i).event();
            try {
                publisher.record(event);
            } catch (RuntimeException e) {
                LOG.warn("outbox relay {}: publishing {} {} failed; it and what follows wait for the next pass",
                        settings.relayId(), event.getClass().getSimpleName(), event.eventId(), e);
                return i;
            }
            Instant now = time.now();
            metrics.published(event, event.occurredAt().isAfter(now) ? Duration.ZERO
                    : Duration.between(event.occurredAt(), now));
        }
        return batch.size();
    }

    private void purgeIfDue() {
        Instant now = time.now();
        if (nextPurge != null && now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plus(settings.purgeEvery());
        try {
            int purged = outbox.purgePublishedBefore(now.minus(settings.retention()));
            if (purged > 0) {
                LOG.debug("outbox relay {}: purged {} published rows", settings.relayId(), purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("outbox relay {}: purging published rows failed; the next purge tries again", settings.relayId(), e);
        }
    }
}
