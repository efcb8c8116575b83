package org.astronrpa.openapi.domain.schedule;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.execution.ExecutionId;

/**
 * One occurrence of a schedule as its history shows it: the time it was scheduled for (its identity: a schedule has
 * at most one occurrence a time), when it fired, what became of it and why.
 *
 * @param firedAt   when its execution was created (fired only)
 * @param execution the execution it created (fired only)
 * @param reason    why it was skipped, missed or failed to fire; null when fired
 */
public record Occurrence(ScheduleId schedule, Instant scheduledAt, Instant firedAt, Outcome outcome,
                         ExecutionId execution, String reason) {

    public Occurrence {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.FIRED) != (execution != null)) {
            throw new IllegalArgumentException("a fired occurrence, and only one, has an execution");
        }
    }

    /** What became of an occurrence. */
    public enum Outcome {
        /** It created an execution. */
        FIRED,
        /** The previous run was still active ({@link Overlap}). */
        SKIPPED,
        /** It fell while no instance ran, and was found later than the catch-up window allows. */
        MISSED,
        /** It could not create its execution (the workflow is gone, its parameters no longer fit the schema, ...). */
        FAILED_TO_FIRE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What a due occurrence does ({@link Schedule#due}); {@code after} is the schedule once it is decided. */
    public sealed interface Decision {
        Instant scheduledAt();

        Schedule after();

        /** It creates its execution now. */
        record Fire(Instant scheduledAt, Schedule after) implements Decision {
        }

        /** It is recorded as skipped: the previous run is still active. */
        record Skipped(Instant scheduledAt, String reason, Schedule after) implements Decision {
        }

        /** It waits for the previous run to end ({@link Overlap#BUFFER_ONE}); nothing is recorded yet. */
        record Buffered(Instant scheduledAt, Schedule after) implements Decision {
        }

        /** It is recorded as missed: found past the catch-up window. */
        record Missed(Instant scheduledAt, String reason, Schedule after) implements Decision {
        }
    }
}
