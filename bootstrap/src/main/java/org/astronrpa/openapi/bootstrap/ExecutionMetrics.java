package org.astronrpa.openapi.bootstrap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.shared.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;

/**
 * Execution metrics on /metrics: executions by status (queue depth = PENDING), connected robots, and histograms
 * of dispatch latency (accepted → sent to a robot) and execution duration (accepted → ended, by status).
 */
final class ExecutionMetrics {
    private ExecutionMetrics() {
    }

    static void bind(MeterRegistry registry, ExecutionRepository executions, RobotRegistry robots, ExecutionEvents events) {
        Timer dispatchLatency = Timer.builder("rpa.execution.dispatch.latency")
                .description("From acceptance to dispatch to a robot")
                .publishPercentileHistogram()
                .register(registry);
        events.subscribe(new ExecutionEvents.Listener() {
            @Override
            public void statusChanged(Execution execution) {
                if (execution.status() == ExecutionStatus.RUNNING && execution.dispatchedAt() != null) {
                    dispatchLatency.record(Duration.between(execution.startTime(), execution.dispatchedAt()));
                } else if (execution.status().isTerminal() && execution.endTime() != null) {
                    Timer.builder("rpa.execution.duration")
                            .description("From acceptance to the end, by final status")
                            .tag("status", execution.status().name())
                            .publishPercentileHistogram()
                            .register(registry)
                            .record(Duration.between(execution.startTime(), execution.endTime()));
                }
            }

            @Override
            public void logAppended(UserId owner, String projectId, LogLine line) {
            }
        });
        CachedCounts counts = new CachedCounts(executions);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            Gauge.builder("rpa.executions", counts, c -> c.get().getOrDefault(status, 0L))
                    .description("Executions by status (PENDING is the dispatch queue depth)")
                    .tag("status", status.name())
                    .strongReference(true)   // Micrometer holds gauge state weakly: nothing else holds the counts
                    .register(registry);
        }
        Gauge.builder("rpa.robots.connected", robots, RobotRegistry::size)
                .description("Robot connections held by this instance")
                .strongReference(true)
                .register(registry);
    }

    /** Counts read from the database at most once a second, however often the metrics are scraped. */
    private static final class CachedCounts {
        private final ExecutionRepository executions;
        private Map<ExecutionStatus, Long> last = Map.of();
        private Instant readAt = Instant.EPOCH;

        CachedCounts(ExecutionRepository executions) {
            this.executions = executions;
        }

        synchronized Map<ExecutionStatus, Long> get() {
            if (Instant.now().isAfter(readAt.plus(Duration.ofSeconds(1)))) {
                try {
                    last = executions.countByStatus();
                } catch (RuntimeException e) {
                    // the database is down: keep the last figures, /health says why
                }
                readAt = Instant.now();
            }
            return last;
        }
    }
}
