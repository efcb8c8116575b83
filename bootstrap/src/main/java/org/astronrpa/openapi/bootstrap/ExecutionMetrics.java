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

    /** How many targets get a queue depth series: the deepest ones, so that the page stays bounded. */
    static final int QUEUE_DEPTH_SERIES = 50;
    /** The exposed name of the queue depths by target, which a scrape reads from the database. */
    static final String QUEUE_DEPTH = "rpa_queue_depth";

    /**
     * Binds the execution and robot meters; returns what refreshes the per-target queue depths, to run before each
     * scrape (it reads the database at most once a second).
     */
    static Runnable bind(MeterRegistry registry, ExecutionRepository executions, RobotRegistry robots,
                         ExecutionEvents events) {
        Timer dispatchLatency = Timer.builder("rpa.execution.dispatch.latency")
                .description("From acceptance to dispatch to a robot")
                .publishPercentileHistogram()
                .register(registry);
        java.util.Map<String, Timer> queueWait = new java.util.HashMap<>();
        for (String kind : java.util.List.of("any", "robot", "labels")) {
            queueWait.put(kind, Timer.builder("rpa.queue.wait")
                    .description("From acceptance to dispatch, by what the execution's target names (any robot, one "
                            + "robot, labels)")
                    .tag("target_kind", kind)
                    .publishPercentileHistogram()
                    .register(registry));
        }
        events.subscribe(new ExecutionEvents.Listener() {
            @Override
            public void statusChanged(Execution execution) {
                if (execution.status() == ExecutionStatus.RUNNING && execution.dispatchedAt() != null) {
                    Duration waited = Duration.between(execution.startTime(), execution.dispatchedAt());
                    dispatchLatency.record(waited);
                    queueWait.get(kindOf(execution.target())).record(waited);
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
        io.micrometer.core.instrument.MultiGauge depths = io.micrometer.core.instrument.MultiGauge
                .builder("rpa.queue.depth")
                .description("Queued (PENDING) executions of all users by target: any (for any robot), robot:<id> "
                        + "or labels:<k=v,...>; the " + QUEUE_DEPTH_SERIES + " deepest targets")
                .register(registry);
        QueueDepths queueDepths = new QueueDepths(executions, depths);
        return queueDepths::refresh;
    }

    /** The dispatch decisions' durations ({@code rpa_dispatch_decision_seconds{handed}}), on the monotonic clock. */
    static org.astronrpa.openapi.application.dispatch.DecisionTiming decisions(MeterRegistry registry) {
        Timer handed = Timer.builder("rpa.dispatch.decision")
                .description("A look at an owner's queue and idle robots here: handed an execution to a robot, or not")
                .tag("handed", "true").publishPercentileHistogram().register(registry);
        Timer none = Timer.builder("rpa.dispatch.decision")
                .description("A look at an owner's queue and idle robots here: handed an execution to a robot, or not")
                .tag("handed", "false").publishPercentileHistogram().register(registry);
        return new org.astronrpa.openapi.application.dispatch.DecisionTiming() {
            @Override
            public long start() {
                return System.nanoTime();
            }

            @Override
            public void decided(long start, boolean wasHanded) {
                (wasHanded ? handed : none).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        };
    }

    static String kindOf(org.astronrpa.openapi.domain.robot.RobotTarget target) {
        return target.isAny() ? "any" : target.robotId() != null ? "robot" : "labels";
    }

    /** The deepest targets' queue depths, read from the database at most once a second. */
    private static final class QueueDepths {
        private final ExecutionRepository executions;
        private final io.micrometer.core.instrument.MultiGauge gauge;
        private Instant readAt = Instant.EPOCH;

        QueueDepths(ExecutionRepository executions, io.micrometer.core.instrument.MultiGauge gauge) {
            this.executions = executions;
            this.gauge = gauge;
        }

        synchronized void refresh() {
            if (Instant.now().isBefore(readAt.plus(Duration.ofSeconds(1)))) {
                return;
            }
            readAt = Instant.now();
            try {
                gauge.register(executions.deepestTargets(QUEUE_DEPTH_SERIES).stream()
                        .map(depth -> io.micrometer.core.instrument.MultiGauge.Row.of(
                                io.micrometer.core.instrument.Tags.of("target",
                                        depth.target().isAny() ? "any" : depth.target().key()), depth.pending()))
                        .toList(), true);
            } catch (RuntimeException e) {
                // the database is down: keep the last figures, /health says why
            }
        }
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
