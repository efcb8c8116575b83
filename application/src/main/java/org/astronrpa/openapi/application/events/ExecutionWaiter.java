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
 * are remembered, so an end between the caller's read and its registration is not missed, without reading the
 * database again. Blocking is cheap here: callers run on virtual threads.
 */
public final class ExecutionWaiter {
    private final ExecutionRepository executions;
    private final Map<ExecutionId, Set<CompletableFuture<Execution>>> waiting = new ConcurrentHashMap<>();
    private final RecentlyEnded recentlyEnded = new RecentlyEnded(RECENT_ENDS);

    /**
     * How many of the latest ends are remembered, so that a waiter registering just after its execution ended
     * finds the end without reading the database again. An end older than that is only missed if it happened
     * between the caller's own read and the registration while this many others ended — then the waiter still
     * returns the stored execution when its time is up.
     */
    static final int RECENT_ENDS = 16_384;

    public ExecutionWaiter(ExecutionRepository executions, ExecutionEvents events) {
        this.executions = executions;
        events.subscribe(new ExecutionEvents.Listener() {
            @Override
            public void statusChanged(Execution execution) {
                if (execution.status().isTerminal()) {
                    recentlyEnded.remember(execution);
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
            Execution endedMeanwhile = recentlyEnded.get(id);
            if (endedMeanwhile != null) {
                return endedMeanwhile;   // it ended between the caller's read and the registration
            }
            try {
                return ended.get(max.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return executions.find(id).orElse(current);
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

    /** How many callers are waiting now (for tests and metrics). */
    public int waiters() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    /** A bounded, insertion-ordered memory of terminal executions. */
    private static final class RecentlyEnded {
        private final int capacity;
        private final java.util.LinkedHashMap<ExecutionId, Execution> ends;

        RecentlyEnded(int capacity) {
            this.capacity = capacity;
            this.ends = new java.util.LinkedHashMap<>(capacity * 4 / 3 + 1);
        }

        synchronized void remember(Execution execution) {
            ends.put(execution.id(), execution);
            if (ends.size() > capacity) {
                ends.remove(ends.keySet().iterator().next());
            }
        }

        synchronized Execution get(ExecutionId id) {
            return ends.get(id);
        }
    }
}
