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
 * dispatch and status changes never wait long for its locks, and each followed by a pause as long as it took. One instance at a time runs it (a job lease). Never a
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

    /**
     * @param executions       how long a finished execution is kept after its end; {@code null} keeps them forever
     * @param logLines         how long a log line is kept; {@code null} keeps them (a purged execution's go with it)
     * @param executionBatch   executions a transaction deletes at most
     * @param logBatch         log lines a statement deletes at most
     * @param budget           how long one run deletes at most before it leaves the rest to the next run
     */
    public record Retention(Duration executions, Duration logLines, int executionBatch, int logBatch, Duration budget) {
        public static final Retention FOREVER = new Retention(null, null, 500, 5_000, Duration.ofSeconds(20));

        public Retention {
            if (executionBatch < 1 || logBatch < 1) {
                throw new IllegalArgumentException("batches hold at least one row");
            }
            Objects.requireNonNull(budget, "budget");
        }

        /** Days as the configuration gives them, 0 = forever, with the default batches. */
        public static Retention days(int executionDays, int logDays) {
            return new Retention(executionDays == 0 ? null : Duration.ofDays(executionDays),
                    logDays == 0 ? null : Duration.ofDays(logDays), FOREVER.executionBatch(), FOREVER.logBatch(),
                    FOREVER.budget());
        }
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
     * more is due — or the budget is spent or the lease lost: then it says that more is due.
     */
    private boolean inBatches(int size, Instant stopAt, IntSupplier batch) {
        while (true) {
            Instant batchStarted = time.now();
            if (batch.getAsInt() < size) {
                return false;
            }
            yieldTo(batchStarted);
            if (!time.now().isBefore(stopAt) || !leases.hold(JOB, holder, time.now(), LEASE)) {
                return true;
            }
        }
    }

    /**
     * Waits as long as the batch begun at {@code batchStarted} took: the purge has the database at most half of the
     * time it runs, so that executions keep flowing beside it (a batch that took long — a large history not in the
     * database's memory — is followed by as long a pause).
     */
    private void yieldTo(Instant batchStarted) {
        long tookMillis = Duration.between(batchStarted, time.now()).toMillis();
        if (tookMillis > 0) {
            try {
                Thread.sleep(Math.min(tookMillis, 5_000));
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One run: everything due now, or as much as the budget allows (the next run goes on). */
    public Report purge() {
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
                more = inBatches(retention.executionBatch(), stopAt, () -> transactions.atomically(() -> {
                    List<ExecutionId> batch = executions.purgeFinished(endedBefore, startedBefore,
                            retention.executionBatch());
                    purged[0] += batch.size();
                    purged[1] += logs.deleteOf(batch);
                    return batch.size();
                }));
            }
            if (retention.logLines() != null && !more) {
                Instant loggedBefore = now.minus(retention.logLines());
                more = inBatches(retention.logBatch(), stopAt, () -> {
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
