package org.astronrpa.openapi.bootstrap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;

/** Execution gauges on /metrics: executions by status (queue depth = PENDING) and connected robots. */
final class ExecutionMetrics {
    private ExecutionMetrics() {
    }

    static void bind(MeterRegistry registry, ExecutionRepository executions, RobotRegistry robots) {
        CachedCounts counts = new CachedCounts(executions);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            Gauge.builder("rpa.executions", counts, c -> c.get().getOrDefault(status, 0L))
                    .description("Executions by status (PENDING is the dispatch queue depth)")
                    .tag("status", status.name())
                    .register(registry);
        }
        Gauge.builder("rpa.robots.connected", robots, RobotRegistry::size)
                .description("Robot connections held by this instance")
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
