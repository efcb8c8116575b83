package org.astronrpa.openapi.application.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionLogStore;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.shared.JobLeases;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention purge: finished executions (with their log lines) that ended longer ago than their retention, and
 * log lines older than theirs, deleted online in small batches — each batch its own short transaction, so that
 * dispatch and status changes never wait long for its locks, and each followed by a pause that keeps the purge's share
 * of the time to {@link Retention#dutyPercent()} (the database's work it takes from executions flowing beside it). One
 * instance at a time runs it (a job lease). Never a
 * PENDING or RUNNING execution (only finished ones have an end time), and never one an idempotency key may still
 * return: an execution is kept at least {@link #IDEMPOTENCY_GUARD} after it started. The counts behind list totals
 * move with each batch, in its transaction.
 */
public final class PurgeHistory {
    private static final Logger LOG = LoggerFactory.getLogger(PurgeHistory.class);
    /** The job's name in the leases. */
    static final String JOB = "retention-purge";
    /** Longer than a run's budget, so that the lease outlives the run of a live holder. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** The idempotency window and an hour for the clocks of several instances. */
    static final Duration IDEMPOTENCY_GUARD = StartExecution.IDEMPOTENCY_WINDOW.plusHours(1);
    /** The longest wait between two batches, whatever the last one took. */
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    /**
     * @param executions       how long a finished execution is kept after its end; {@code null} keeps them forever
     * @param logLines         how long a log line is kept; {@code null} keeps them (a purged execution's go with it)
     * @param executionBatch   executions a transaction deletes at most
     * @param logBatch         log lines a statement deletes at most
     * @param budget           how long one run deletes at most before it leaves the rest to the next run
     * @param dutyPercent      the share of a run's time spent deleting (1–100): after a batch that took t, the run
     *                         waits t × (100 − duty) / duty
     */
    public record Retention(Duration executions, Duration logLines, int executionBatch, int logBatch, Duration budget,
                            int dutyPercent) {
        /**
         * The default share of the time: beside a purge of 1,197,000 rows on MariaDB executions flowed at 0.98 of
         * their rate with 10 % (docs/BENCHMARKS.md, issue 12, session 12; 20 % had measured 0.65 in rounds that
         * weighed the purge too heavily).
         */
        public static final int DEFAULT_DUTY_PERCENT = 10;
        public static final Retention FOREVER = new Retention(null, null, 500, 5_000, Duration.ofSeconds(20),
                DEFAULT_DUTY_PERCENT);

        public Retention {
            if (executionBatch < 1 || logBatch < 1) {
                throw new IllegalArgumentException("batches hold at least one row");
            }
            if (dutyPercent < 1 || dutyPercent > 100) {
                throw new IllegalArgumentException("the purge's duty is a percentage from 1 to 100, not " + dutyPercent);
            }
            Objects.requireNonNull(budget, "budget");
        }

        /** Days as the configuration gives them, 0 = forever, with the default batches. */
        public static Retention days(int executionDays, int logDays, int dutyPercent) {
            return new Retention(executionDays == 0 ? null : Duration.ofDays(executionDays),
                    logDays == 0 ? null : Duration.ofDays(logDays), FOREVER.executionBatch(), FOREVER.logBatch(),
                    FOREVER.budget(), dutyPercent);
        }

        /** The wait after a batch that took {@code took}, so that deleting has {@link #dutyPercent} of the time. */
        Duration pauseAfter(Duration took) {
            return took.multipliedBy(100 - dutyPercent).dividedBy(dutyPercent);
        }
    }

    /** How a run waits between its batches, and learns that the service stops. */
    @FunctionalInterface
    public interface Pacer {
        /**
         * Waits {@code pause} (zero: not at all) unless the service stops meanwhile.
         *
         * @return false when the service stops: the run ends now, with what it did (the rest is due at the next start)
         */
        boolean pause(Duration pause);
    }

    /**
     * What a run did: whether this instance held the job, how many executions and log lines it deleted, whether it
     * stopped at its budget with more due, and the oldest of each still stored (for the metrics).
     */
    public record Report(boolean ran, int executions, int logLines, boolean moreDue, Optional<Instant> oldestExecution,
                         Optional<Instant> oldestLogLine) {
        static final Report NOT_HELD = new Report(false, 0, 0, false, Optional.empty(), Optional.empty());
    }

    private final ExecutionRepository executions;
    private final ExecutionLogStore logs;
    private final Transactions transactions;
    private final JobLeases leases;
    private final TimeSource time;
    private final Retention retention;
    private final String holder;

    /** @param holder this instance's id among those sharing the database */
    public PurgeHistory(ExecutionRepository executions, ExecutionLogStore logs, Transactions transactions,
                        JobLeases leases, TimeSource time, Retention retention, String holder) {
        this.executions = executions;
        this.logs = logs;
        this.transactions = transactions;
        this.leases = leases;
        this.time = time;
        this.retention = retention;
        this.holder = holder;
    }

    /**
     * Runs {@code batch} (which deletes at most {@code size} rows and says how many) until one deletes fewer — nothing
     * more is due — or the budget is spent, the lease lost or the service stopping: then it says that more is due.
     * After each batch it waits as the duty asks (a batch that took long — a history not in the database's memory —
     * is followed by a long pause, at most {@link #LONGEST_PAUSE}).
     */
    private boolean inBatches(int size, Instant stopAt, Pacer pacer, IntSupplier batch) {
        while (true) {
            Instant batchStarted = time.now();
            if (batch.getAsInt() < size) {
                return false;
            }
            Duration pause = retention.pauseAfter(Duration.between(batchStarted, time.now()));
            if (!pacer.pause(pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause)
                    || !time.now().isBefore(stopAt) || !leases.hold(JOB, holder, time.now(), LEASE)) {
                return true;
            }
        }
    }

    /**
     * One run: everything due now, or as much as the budget allows (the next run goes on).
     *
     * @param pacer waits between batches; when it says the service stops, the run ends after the batch it is in
     */
    public Report purge(Pacer pacer) {
        Instant now = time.now();
        if (!leases.hold(JOB, holder, now, LEASE)) {
            return Report.NOT_HELD;
        }
        try {
            Instant stopAt = now.plus(retention.budget());
            int[] purged = {0, 0};   // executions, log lines
            boolean more = false;
            if (retention.executions() != null) {
                Instant endedBefore = now.minus(retention.executions());
                Instant startedBefore = now.minus(IDEMPOTENCY_GUARD);
                // the due executions' lines go first and the executions (and their counts) last: a start of the
                // same workflow waits for the count rows only while the few rows of the batch go, not its lines
                more = inBatches(retention.executionBatch(), stopAt, pacer, () -> transactions.atomically(() -> {
                    List<ExecutionId> due = executions.dueForPurge(endedBefore, startedBefore,
                            retention.executionBatch());
                    if (due.isEmpty()) {
                        return 0;
                    }
                    purged[1] += logs.deleteOf(due);
                    purged[0] += executions.purge(due, endedBefore, startedBefore).size();
                    return due.size();
                }));
            }
            if (retention.logLines() != null && !more) {
                Instant loggedBefore = now.minus(retention.logLines());
                more = inBatches(retention.logBatch(), stopAt, pacer, () -> {
                    int deleted = logs.purgeLoggedBefore(loggedBefore, retention.logBatch());
                    purged[1] += deleted;
                    return deleted;
                });
            }
            int purgedExecutions = purged[0];
            int purgedLines = purged[1];
            if (purgedExecutions > 0 || purgedLines > 0) {
                LOG.info("retention purge: {} finished executions and {} log lines deleted{}", purgedExecutions,
                        purgedLines, more ? "; more are due, the next run goes on" : "");
            }
            return new Report(true, purgedExecutions, purgedLines, more, executions.oldestFinished(),
                    logs.oldestLine());
        } finally {
            leases.release(JOB, holder);
        }
    }
}
