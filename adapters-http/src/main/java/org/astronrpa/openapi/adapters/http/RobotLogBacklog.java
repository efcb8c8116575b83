package org.astronrpa.openapi.adapters.http;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.astronrpa.openapi.application.robot.AppendRobotLog;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines one robot connection sent, stored in order by a virtual thread of their own, so that the
 * connection's reader — and the robot's replies behind them — never waits on the database. At most
 * {@link #MAX_WAITING} lines wait; more are dropped (and counted). When the connection goes, what still waits is
 * dropped and no retry goes on. Lines of executions found ended or full are dropped without asking the database.
 */
final class RobotLogBacklog {
    private static final Logger LOG = LoggerFactory.getLogger(RobotLogBacklog.class);
    static final int MAX_WAITING = 1_000;
    private static final int REMEMBERED_CLOSED = 64;

    /** One line as it arrived. */
    record Line(String executionId, String level, String message, Instant arrivedAt) {
    }

    private final String connectionId;
    private final UserId owner;
    private final AppendRobotLog appendLog;
    private final Queue<Line> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Set<String> closedExecutions = new LinkedHashSet<>();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean gone;

    RobotLogBacklog(String connectionId, UserId owner, AppendRobotLog appendLog) {
        this.connectionId = connectionId;
        this.owner = owner;
        this.appendLog = appendLog;
    }

    void offer(Line line) {
        if (gone) {
            return;
        }
        if (!waiting.offer(line)) {
            if (overflowed.incrementAndGet() % MAX_WAITING == 1) {
                LOG.warn("robot {} sends log lines faster than they can be stored: {} dropped so far", connectionId,
                        overflowed.get());
            }
            return;
        }
        if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name("robot-log-" + connectionId).start(this::drain);
        }
    }

    /** The connection is gone: what waits is dropped, a retry in progress gives up. */
    void drop() {
        gone = true;
        int dropped = waiting.size();
        waiting.clear();
        if (dropped > 0 || overflowed.get() > 0 || refused.get() > 0) {
            LOG.info("robot {} left: {} log lines still waiting dropped, {} dropped for want of room, {} refused "
                    + "(execution ended, full or unknown)", connectionId, dropped, overflowed.get(), refused.get());
        }
    }

    private void drain() {
        while (true) {
            Line line = waiting.poll();
            if (line == null) {
                draining.set(false);
                // a line offered between the poll and the reset finds draining true and leaves it to us
                if (waiting.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (!gone) {
                store(line);
            }
        }
    }

    private void store(Line line) {
        synchronized (closedExecutions) {
            if (closedExecutions.contains(line.executionId())) {
                refused.incrementAndGet();
                return;
            }
        }
        for (int attempt = 0; ; attempt++) {
            try {
                AppendRobotLog.Outcome outcome = appendLog.append(owner, line.executionId(), line.level(), line.message(),
                        line.arrivedAt());
                switch (outcome) {
                    case STORED -> { }
                    case TRUNCATED, LOG_FULL, ENDED -> close(line.executionId(), outcome);
                    case UNKNOWN -> {
                        refused.incrementAndGet();
                        LOG.info("dropped a log line for an unknown execution {}", line.executionId());
                    }
                }
                return;
            } catch (RuntimeException failed) {
                if (gone || attempt >= RobotSocket.RETRY_PAUSES_MS.length) {
                    LOG.error("a log line of execution {} is lost: {}", line.executionId(), failed.toString());
                    return;
                }
                LOG.warn("a log line of execution {} could not be stored ({}); trying again in {} ms",
                        line.executionId(), failed.toString(), RobotSocket.RETRY_PAUSES_MS[attempt]);
                try {
                    Thread.sleep(RobotSocket.RETRY_PAUSES_MS[attempt]);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void close(String executionId, AppendRobotLog.Outcome why) {
        if (why != AppendRobotLog.Outcome.TRUNCATED) {
            refused.incrementAndGet();
        }
        LOG.info("log lines of execution {} from robot {} are dropped from now on: {}", executionId, connectionId,
                why == AppendRobotLog.Outcome.ENDED ? "the execution has ended" : "its log is full");
        synchronized (closedExecutions) {
            closedExecutions.add(executionId);
            if (closedExecutions.size() > REMEMBERED_CLOSED) {
                closedExecutions.remove(closedExecutions.iterator().next());
            }
        }
    }
}
