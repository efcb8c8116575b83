package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.astronrpa.openapi.adapters.persistence.Database;
import org.astronrpa.openapi.adapters.persistence.PersistenceConfig;
import org.astronrpa.openapi.application.events.OutboxRelay;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox gauges on the Prometheus page, read from a real database with a row that cannot be read back. */
class OutboxMetricsTest {
    private static final UserId ALICE = new UserId("alice");

    @TempDir
    Path dataDir;

    @Test
    void theQuarantinedGaugeCountsTheRowsSetAsideApartFromTheDepth() {
        try (Database database = Database.open(PersistenceConfig.embedded(dataDir))) {
            Instant now = Instant.now();
            List<DomainEvent> heard = new ArrayList<>();
            OutboxRelay relay = new OutboxRelay(database.outbox(), heard::addAll, () -> now, Runnable::run,
                    OutboxRelay.Settings.of("instance-1", Duration.ofHours(24)), OutboxRelay.Metrics.NONE);
            database.outbox().append(List.of(new ApiKeyEvent.Created("ev-1", "k1", ALICE, now),
                    new ApiKeyEvent.Created("ev-2", "k2", ALICE, now), new ApiKeyEvent.Created("ev-3", "k3", ALICE, now)));
            database.jdbi().useHandle(handle -> handle.execute(
                    "UPDATE outbox SET event_type = 'api_key.rotated' WHERE event_id = 'ev-2'"));
            assertEquals(2, relay.pass());
            PrometheusMeterRegistry registry = JvmMetrics.registry();

            OutboxMetrics.bindBacklog(registry, relay);
            String page = registry.scrape();

            assertTrue(page.contains("# HELP rpa_outbox_quarantined Events set aside because they cannot be read back"),
                    page);
            assertTrue(page.contains("# TYPE rpa_outbox_quarantined gauge\n"), page);
            assertEquals(1.0, value(page, "rpa_outbox_quarantined"), page);
            assertEquals(0.0, value(page, "rpa_outbox_depth"), "a quarantined row does not wait: " + page);
            assertEquals(0.0, value(page, "rpa_outbox_oldest_age_seconds"), page);
        }
    }

    private static double value(String page, String series) {
        return page.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " is missing from\n" + page));
    }
}
