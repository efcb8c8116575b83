package org.astronrpa.openapi.application.change;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.Transactions;

/**
 * The one path by which executions are created and changed: load, ask the execution what to do, save with the
 * version check, try again on a lost race, and record the resulting event. Nothing else writes executions (an
 * ArchUnit rule keeps it so), so whatever must follow every change (watchers, waiters, metrics, later webhooks and
 * history) follows the recorded events. A change and its events are one transaction: with the outbox as the
 * recorder, both are stored or neither.
 */
public final class ExecutionChanges {

    /** What the execution, as it is now, decided: its next version, or itself to stay as it is. */
    @FunctionalInterface
    public interface Decision {
        Execution decide(Execution current, Instant now);
    }

    /** What a change came to. */
    public sealed interface Outcome {
        /** Stored, and its event recorded. */
        record Changed(Execution before, Execution after) implements Outcome {
        }

        /** The execution decided to stay as it is. */
        record Unchanged(Execution current) implements Outcome {
        }

        /** There is no such execution (any more). */
        record Missing(ExecutionId id) implements Outcome {
        }
    }

    private final ExecutionRepository executions;
    private final Transactions transactions;
    private final DomainEvents events;
    private final IdGenerator ids;
    private final TimeSource time;

    public ExecutionChanges(ExecutionRepository executions, Transactions transactions, DomainEvents events,
                            IdGenerator ids, TimeSource time) {
        this.executions = executions;
        this.transactions = transactions;
        this.events = events;
        this.ids = ids;
        this.time = time;
    }

    /** Stores a new execution and records that it was queued, in one transaction. */
    public void accept(Execution accepted) {
        transactions.atomically(() -> {
            executions.insert(accepted);
            record(Optional.empty(), accepted);
            return null;
        });
    }

    /**
     * Stores a new execution in one transaction with {@code first}, unless {@code first} answers with a reason not to
     * (then nothing is stored and the reason is returned), and records that it was queued.
     */
    public <T> Optional<T> accept(Execution accepted, Supplier<Optional<T>> first) {
        return transactions.atomically(() -> {
            Optional<T> reason = first.get();
            if (reason.isEmpty()) {
                executions.insert(accepted);
                record(Optional.empty(), accepted);
            }
            return reason;
        });
    }

    /** Changes the stored execution {@code id} as it decides. */
    public Outcome change(ExecutionId id, Decision decision) {
        return LostRaces.retry(() -> executions.find(id)
                .map(current -> once(current, decision))
                .orElseGet(() -> new Outcome.Missing(id)));
    }

    /**
     * Changes an execution just read ({@code seen}) as it decides; after a lost race, the stored one decides again.
     */
    public Outcome change(Execution seen, Decision decision) {
        Execution[] next = {seen};
        return LostRaces.retry(() -> {
            Optional<Execution> current = next[0] != null ? Optional.of(next[0]) : executions.find(seen.id());
            next[0] = null;   // a retry reloads
            return current.map(c -> once(c, decision)).orElseGet(() -> new Outcome.Missing(seen.id()));
        });
    }

    private Outcome once(Execution current, Decision decision) {
        Execution decided = decision.decide(current, time.now());
        if (decided == current) {
            return new Outcome.Unchanged(current);
        }
        return transactions.atomically(() -> {
            executions.update(decided);
            record(Optional.of(current.status()), decided);
            return new Outcome.Changed(current, decided);
        });
    }

    private void record(Optional<ExecutionStatus> before, Execution after) {
        ExecutionEvent.of(before, after, ids::newId, time.now()).ifPresent(events::record);
    }
}
