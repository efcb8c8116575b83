package org.astronrpa.openapi.domain.execution;

import java.time.Instant;

/** Why a run might never have left for its robot: what {@link Execution#requeueIfNeverSent} weighs. */
public sealed interface NeverSent {

    /** The robot's channel refused the run frame (the connection had closed or stopped reading): certainly unsent. */
    record SendRefused() implements NeverSent {
    }

    /**
     * The instance that claimed the run stopped beating. It marks a run in the shared store before sending it, and
     * every mark written before its last recorded beat is there: a run claimed before that beat and left unmarked
     * never left it; one claimed after it may have been sent while the instance was cut off from the store.
     *
     * @param lastBeat     the lost instance's last recorded beat ({@code null}: unknown)
     * @param markedAsSent whether the run's connection was marked as running it
     */
    record ClaimedByLostInstance(Instant lastBeat, boolean markedAsSent) implements NeverSent {
    }
}
