package org.astronrpa.openapi.bootstrap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.astronrpa.openapi.application.execution.PurgeHistory;
import org.astronrpa.openapi.domain.shared.TimeSource;

/**
 * The retention purge on /metrics: rows it deleted ({@code rpa_retention_purged_rows_total{kind}}, kind
 * {@code executions} or {@code log_lines}) and the age of the oldest row still kept
 * ({@code rpa_retention_oldest_age_seconds{kind}}, as of the last run this instance made; absent before it, 0 when
 * none is stored). With several instances, each counts what its own runs deleted.
 */
final class RetentionMetrics {
    private final Counter executions;
    private final Counter logLines;
    private final AtomicReference<Optional<Instant>> oldestExecution = new AtomicReference<>();
    private final AtomicReference<Optional<Instant>> oldestLogLine = new AtomicReference<>();
    private final MeterRegistry registry;
    private final TimeSource time;

    RetentionMetrics(MeterRegistry registry, TimeSource time) {
        this.registry = registry;
        this.time = time;
        this.executions = purged(registry, "executions");
        this.logLines = purged(registry, "log_lines");
    }

    private static Counter purged(MeterRegistry registry, String kind) {
        return Counter.builder("rpa.retention.purged.rows")
                .description("Rows the retention purge deleted on this instance")
                .tag("kind", kind)
                .register(registry);
    }

    /** Records a run's report (one that did not hold the job changes nothing). */
    void record(PurgeHistory.Report report) {
        if (!report.ran()) {
            return;
        }
        executions.increment(report.executions());
        logLines.increment(report.logLines());
        if (oldestExecution.getAndSet(report.oldestExecution()) == null) {
            age("executions", oldestExecution);
        }
        if (oldestLogLine.getAndSet(report.oldestLogLine()) == null) {
            age("log_lines", oldestLogLine);
        }
    }

    private void age(String kind, AtomicReference<Optional<Instant>> oldest) {
        Gauge.builder("rpa.retention.oldest.age", oldest, o -> o.get()
                        .map(at -> Math.max(0, Duration.between(at, time.now()).toMillis() / 1000.0)).orElse(0.0))
                .description("Age of the oldest row kept (a finished execution by its end, a log line), as of this"
                        + " instance's last purge run")
                .baseUnit("seconds")
                .tag("kind", kind)
                .strongReference(true)
                .register(registry);
    }
}
