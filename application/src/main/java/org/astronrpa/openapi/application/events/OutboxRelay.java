package org.astronrpa.openapi.application.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the outbox holds: claims rows for this relay, hands each event to the publisher in order, and
 * marks the published ones. {@link #nudge()} right after a change commits makes delivery immediate; a periodic
 * {@link #pass()} picks up what a crash or a failed publication left behind (after the crashed relay's lease).
 * Events are delivered at least once: a relay that dies after publishing and before marking has them published
 * again by whoever claims next, so consumers deduplicate by event id. Published rows are purged once they are
 * older than the retention.
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
     * Test fault injection only: called at the two points where a crash matters (rows claimed but not published;
     * published but not marked), so that a test can stop the relay exactly there and kill the process. Production
     * passes {@link #NONE}; bootstrap installs another only when a test asks for it with a system property.
     */
    public interface FaultInjection {
        /** The batch is claimed (leased to this relay) and nothing of it is published yet. */
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
     * @param lease      how long claimed rows are this relay's alone: far longer than publishing a batch takes
     * @param retention  how long published rows are kept
     * @param purgeEvery how often a pass purges
     */
    public record Settings(String relayId, int batchSize, Duration lease, Duration retention, Duration purgeEvery) {
        public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
        public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

        public Settings {
            Objects.requireNonNull(relayId, "relayId");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1");
            }
            requirePositive(lease, "lease");
            requirePositive(retention, "retention");
            requirePositive(purgeEvery, "purgeEvery");
        }

        /** 100 rows a claim, the default 30 s lease, a purge every 10 minutes. */
        public static Settings of(String relayId, Duration retention) {
            return of(relayId, DEFAULT_LEASE, retention);
        }

        /**
         * 100 rows a claim, a purge every 10 minutes.
         *
         * @param lease also how long the rows a dead relay had claimed wait before another relay publishes them
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
    private final AtomicBoolean nudged = new AtomicBoolean();
    private Instant nextPurge;

    /**
     * @param publisher where events go (today's bus); it may throw: the event and those after it then wait for
     *                  the next pass
     * @param nudges    runs the passes that {@link #nudge()} asks for
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
    }

    /**
     * Asks for a pass soon, on the nudge executor; nudges that come while one is waiting to start are one. Never
     * throws: a pass that fails is logged, and the periodic pass tries again.
     */
    public void nudge() {
        if (nudged.compareAndSet(false, true)) {
            try {
                nudges.execute(() -> {
                    nudged.set(false);
                    try {
                        pass();
                    } catch (RuntimeException e) {
                        LOG.warn("outbox relay {}: a pass failed; the next one tries again", settings.relayId(), e);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                // the service is stopping: the rows wait for the next instance's pass
                nudged.set(false);
            }
        }
    }

    /**
     * Publishes what waits, batch after batch, until no more is free for this relay or a publication fails, then
     * purges when due; one pass at a time.
     *
     * @return how many events were published
     */
    public int pass() {
        passing.lock();
        try {
            int published = 0;
            while (true) {
                List<Outbox.Entry> batch = outbox.claim(settings.relayId(), settings.batchSize(), time.now(),
                        settings.lease());
                if (batch.isEmpty()) {
                    break;
                }
                faults.afterClaim(batch);
                int done = publish(batch);
                faults.afterPublish(batch.subList(0, done));
                outbox.published(batch.subList(0, done), time.now());
                published += done;
                if (done < batch.size() || batch.size() < settings.batchSize()) {
                    break;
                }
            }
            purgeIfDue();
            return published;
        } finally {
            passing.unlock();
        }
    }

    /** How far behind the relays are: for the depth and lag gauges. */
    public Outbox.Backlog backlog() {
        return outbox.backlog();
    }

    /** Publishes the batch in order until one fails; how many were published. */
    private int publish(List<Outbox.Entry> batch) {
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
