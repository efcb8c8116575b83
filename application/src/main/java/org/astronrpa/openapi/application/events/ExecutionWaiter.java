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
 * waiters are kept by execution id, so an event costs a map lookup however many callers wait. After registering,
 * a waiter reads the stored execution once, so an end between the two is not missed. Blocking is cheap here:
 * callers run on virtual threads.
 */
public final class ExecutionWaiter {
    private final ExecutionRepository executions;
    private final Map<ExecutionId, Set<CompletableFuture<Execution>>> waiting = new ConcurrentHashMap<>();

    public ExecutionWaiter(ExecutionRepository executions, ExecutionEvents events) {
        this.executions = executions;
        events.subscribe(new ExecutionEvents.Listener() {
            @Override
            public void statusChanged(Execution execution) {
                if (execution.status().isTerminal()) {
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
            Execution stored = executions.find(id).orElse(current);
            if (stored.status().isTerminal()) {
                return stored;
            }
            try {
                return ended.get(max.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return executions.find(id).orElse(stored);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return executions.find(id).orElse(stored);
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
}
