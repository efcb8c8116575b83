package org.astronrpa.openapi.bootstrap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import org.astronrpa.openapi.application.schedule.ScheduleObserver;
import org.astronrpa.openapi.domain.schedule.Occurrence;

/**
 * The scheduler on {@code /metrics}: {@code rpa_schedule_occurrences_total{outcome}} (fired, skipped, missed,
 * failed_to_fire, decided by this instance) and {@code rpa_schedule_fire_lag_seconds}, how late each fired occurrence
 * was queued after its fire time.
 */
final class ScheduleMetrics {
    private ScheduleMetrics() {
    }

    static ScheduleObserver of(MeterRegistry registry) {
        Map<Occurrence.Outcome, Counter> outcomes = new EnumMap<>(Occurrence.Outcome.class);
        for (Occurrence.Outcome outcome : Occurrence.Outcome.values()) {
            outcomes.put(outcome, Counter.builder("rpa.schedule.occurrences")
                    .description("Occurrences of schedules decided by this instance, by what became of them")
                    .tag("outcome", outcome.wire()).register(registry));
        }
        Timer lag = Timer.builder("rpa.schedule.fire.lag")
                .description("How long after its fire time (scheduled time plus jitter) an occurrence's execution was queued")
                .publishPercentileHistogram().register(registry);
        return (outcome, late) -> {
            outcomes.get(outcome).increment();
            if (outcome == Occurrence.Outcome.FIRED) {
                lag.record(late);
            }
        };
    }
}
