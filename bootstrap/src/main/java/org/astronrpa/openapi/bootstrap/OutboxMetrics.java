package org.astronrpa.openapi.bootstrap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.astronrpa.openapi.application.events.OutboxRelay;
import org.astronrpa.openapi.domain.shared.Outbox;

/**
 * Outbox metrics on /metrics: {@code rpa_outbox_delivery_lag_seconds} (from a change's commit to its event handed on
 * by this instance's relay), {@code rpa_outbox_depth} (events not handed on yet, all instances) and
 * {@code rpa_outbox_oldest_age_seconds} (how long the oldest of them has waited), and apart from them
 * {@code rpa_outbox_quarantined} (events that cannot be read back, set aside until an operator requeues or deletes
 * them: anything above zero is worth an alert). The backlog is read from the database at most once a second, however
 * often the metrics are scraped.
 */
final class OutboxMetrics implements OutboxRelay.Metrics {
    private final Timer lag;

    private OutboxMetrics(Timer lag) {
        this.lag = lag;
    }

    /** The relay's hook, recording into {@code registry}. */
    static OutboxMetrics recordingInto(MeterRegistry registry) {
        return new OutboxMetrics(Timer.builder("rpa.outbox.delivery.lag")
                .description("From a change's commit to its event handed on by this instance's relay")
                .publishPercentileHistogram()
                .register(registry));
    }

    @Override
    public void published(org.astronrpa.openapi.domain.shared.DomainEvent event, Duration delay) {
        lag.record(delay.isNegative() ? Duration.ZERO : delay);
    }

    /** Gauges of the relay's backlog. */
    static void bindBacklog(MeterRegistry registry, OutboxRelay relay) {
        CachedBacklog backlog = new CachedBacklog(relay::backlog);
        Gauge.builder("rpa.outbox.depth", backlog, b -> b.get().depth())
                .description("Events recorded but not handed on yet (all instances)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("rpa.outbox.oldest.age", backlog, b -> b.get().lag(Instant.now()).toMillis() / 1000.0)
                .description("How long the oldest event not handed on yet has waited")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
        Gauge.builder("rpa.outbox.quarantined", backlog, b -> b.get().quarantined())
                .description("Events set aside because they cannot be read back (all instances): not delivered until "
                        + "requeued")
                .strongReference(true)
                .register(registry);
    }

    /** The backlog, read at most once a second; the last figures while the database does not answer. */
    private static final class CachedBacklog {
        private final Supplier<Outbox.Backlog> read;
        private Outbox.Backlog last = new Outbox.Backlog(0, Optional.empty());
        private Instant readAt = Instant.EPOCH;

        CachedBacklog(Supplier<Outbox.Backlog> read) {
            this.read = read;
        }

        synchronized Outbox.Backlog get() {
            if (Instant.now().isAfter(readAt.plusSeconds(1))) {
                try {
                    last = read.get();
                } catch (RuntimeException e) {
                    // the database is down: keep the last figures, /health says why
                }
                readAt = Instant.now();
            }
            return last;
        }
    }
}
