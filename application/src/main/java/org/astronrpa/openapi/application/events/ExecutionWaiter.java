package org.astronrpa.openapi.application.events;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Waits until an execution ends, or a time limit passes, without polling. One listener serves every waiter:
 * waiters are kept by execution id, so an event costs a map lookup however many callers wait. The latest ends
 * are remembered, so an end between the caller's read and its registration is not missed, reading the database
 * only then. Blocking is cheap here: callers run on virtual threads.
 */
public final class ExecutionWaiter {
    private final ExecutionRepository executions;
    private final Map<ExecutionId, Set<CompletableFuture<Execution>>> waiting = new ConcurrentHashMap<>();
    private final RecentlyEnded recentlyEnded = new RecentlyEnded(RECENT_ENDS);
    private final Duration recheck;
    private volatile boolean released;

    /**
     * How many of the latest ends are remembered, so that a waiter registering just after its execution ended
     * finds the end (and reads it once). An end older than that is only missed if it happened
     * between the caller's own read and the registration while this many others ended — then the waiter still
     * returns the stored execution when its time is up.
     */
    static final int RECENT_ENDS = 16_384;

    /** A waiter of a single instance: events are delivered in-process, so waiting for one is enough. */
    public ExecutionWaiter(ExecutionRepository executions, ExecutionEvents events) {
        this(executions, events, null);
    }

    /**
     * A waiter whose events may be lost on their way (several instances: Redis pub/sub delivers at most once, and
     * not while it is down): it also reads the stored execution every {@code recheck}, so a lost event costs at
     * most that much.
     */
    public ExecutionWaiter(ExecutionRepository executions, ExecutionEvents events, Duration recheck) {
        this.executions = executions;
        this.recheck = recheck;
        events.subscribe(new ExecutionEvents.Listener() {
            @Override
            public void statusChanged(Execution execution) {
                if (execution.status().isTerminal()) {
                    recentlyEnded.remember(execution.id());
                    Set<CompletableFuture<Execution>> waiters = waiting.get(execution.id());
                    if (waiters != null) {
                        waiters.forEach(waiter -> waiter.complete(execution));
                    }
                }
            }

            @Override
            public void logAppended(UserId owner, String projectId, LogLine line) {
            }
        });
    }

    /** The execution once terminal, or as it is when {@code max} has passed (or the thread is interrupted). */
    public Execution awaitEnd(Execution current, Duration max) {
        if (current.status().isTerminal() || max.isZero() || max.isNegative()) {
            return current;
        }
        ExecutionId id = current.id();
        CompletableFuture<Execution> ended = new CompletableFuture<>();
        waiting.computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet()).add(ended);
        try {
            if (released || recentlyEnded.contains(id)) {
                return executions.find(id).orElse(current);   // it ended between the caller's read and the registration
            }
            try {
                long left = max.toMillis();
                while (true) {
                    long slice = recheck == null ? left : Math.min(left, recheck.toMillis());
                    try {
                        Execution end = ended.get(slice, TimeUnit.MILLISECONDS);
                        return end != null ? end : executions.find(id).orElse(current);   // null: released
                    } catch (TimeoutException e) {
                        left -= slice;
                        Execution stored = executions.find(id).orElse(current);
                        if (left <= 0 || stored.status().isTerminal()) {
                            return stored;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return executions.find(id).orElse(current);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        } finally {
            waiting.computeIfPresent(id, (key, waiters) -> {
                waiters.remove(ended);
                return waiters.isEmpty() ? null : waiters;
            });
        }
    }

    /**
     * The service is stopping: every caller waiting now is answered at once with its execution as stored, and later
     * waits return at once, so that no long-poll holds the stop up or is cut off without an answer.
     */
    public void releaseAll() {
        released = true;
        waiting.values().forEach(waiters -> waiters.forEach(waiter -> waiter.complete(null)));
    }

    /** How many callers are waiting now (for tests and metrics). */
    public int waiters() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    /** A bounded, insertion-ordered memory of the ids of the latest ended executions (ids only: results can be large). */
    private static final class RecentlyEnded {
        private final int capacity;
        private final java.util.LinkedHashSet<ExecutionId> ends;

        RecentlyEnded(int capacity) {
            this.capacity = capacity;
            this.ends = new java.util.LinkedHashSet<>(capacity * 4 / 3 + 1);
        }

        synchronized void remember(ExecutionId id) {
            ends.add(id);
            if (ends.size() > capacity) {
                ends.remove(ends.iterator().next());
            }
        }

        synchronized boolean contains(ExecutionId id) {
            return ends.contains(id);
        }
    }
}
