package org.astronrpa.openapi.bootstrap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import org.astronrpa.openapi.application.webhook.DeliverWebhooks;
import org.astronrpa.openapi.application.webhook.WebhookObserver;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.WebhookId;

/**
 * Webhooks on {@code /metrics}: {@code rpa_webhook_deliveries_total{outcome}} (the attempts of this instance:
 * delivered, retried, failed, abandoned), {@code rpa_webhook_delivery_lag_seconds} (from a delivery's making — its
 * event relayed — to the attempt that delivered it) and {@code rpa_webhook_queue_depth{webhook_id}} (pending
 * deliveries of the {@value #QUEUE_DEPTH_SERIES} subscriptions with most; callbacks together as {@code callbacks}),
 * read from the database for a scrape that shows it, at most once a second.
 */
final class WebhookMetrics {
    /** The exposed name of the queue depths, which a scrape reads from the database. */
    static final String QUEUE_DEPTH = "rpa_webhook_queue_depth";
    static final int QUEUE_DEPTH_SERIES = 50;

    private WebhookMetrics() {
    }

    /** Binds the meters and observes {@code worker}; returns what refreshes the queue depths. */
    static Runnable bind(MeterRegistry registry, DeliverWebhooks worker, DeliveryRepository deliveries) {
        Map<WebhookObserver.Outcome, Counter> outcomes = new EnumMap<>(WebhookObserver.Outcome.class);
        for (WebhookObserver.Outcome outcome : WebhookObserver.Outcome.values()) {
            outcomes.put(outcome, Counter.builder("rpa.webhook.deliveries")
                    .description("Webhook and callback delivery attempts of this instance, by what they came to")
                    .tag("outcome", outcome.wire()).register(registry));
        }
        Timer lag = Timer.builder("rpa.webhook.delivery.lag")
                .description("From a delivery's making (its event relayed) to the attempt that delivered it")
                .publishPercentileHistogram().register(registry);
        worker.observeWith((outcome, late) -> {
            outcomes.get(outcome).increment();
            if (outcome == WebhookObserver.Outcome.DELIVERED) {
                lag.record(late);
            }
        });
        MultiGauge depths = MultiGauge.builder("rpa.webhook.queue.depth")
                .description("Pending deliveries by subscription (callbacks together), the "
                        + QUEUE_DEPTH_SERIES + " subscriptions with most")
                .register(registry);
        return new Depths(deliveries, depths)::refresh;
    }

    /** The pending deliveries by subscription, read at most once a second. */
    private static final class Depths {
        private final DeliveryRepository deliveries;
        private final MultiGauge gauge;
        private Instant readAt = Instant.EPOCH;

        Depths(DeliveryRepository deliveries, MultiGauge gauge) {
            this.deliveries = deliveries;
            this.gauge = gauge;
        }

        synchronized void refresh() {
            if (Instant.now().isBefore(readAt.plus(Duration.ofSeconds(1)))) {
                return;
            }
            readAt = Instant.now();
            try {
                gauge.register(deliveries.pendingBySubscription().entrySet().stream()
                        .sorted(Map.Entry.<WebhookId, Long>comparingByValue(Comparator.reverseOrder()))
                        .limit(QUEUE_DEPTH_SERIES)
                        .map(e -> MultiGauge.Row.of(Tags.of("webhook_id",
                                e.getKey() == null ? "callbacks" : e.getKey().value()), e.getValue()))
                        .toList(), true);
            } catch (RuntimeException e) {
                // the database is down: keep the last figures, /health says why
            }
        }
    }
}
