package org.astronrpa.openapi.domain.execution;

import java.time.Instant;

/**
 * What the service knows of the stop of an execution's run: whether the robot it was sent to confirms stops (a managed
 * robot that says so when it connects, API.md §5.1), and when that robot confirmed the run stopped (null: not
 * confirmed). The integration contract shows a cancelled or timed-out run as ended only with this evidence.
 */
public record StopEvidence(boolean robotConfirmsStops, Instant confirmedAt) {
    /** A robot that does not confirm stops (the unmodified astron-rpa robot), or no robot yet. */
    public static final StopEvidence NONE = new StopEvidence(false, null);
    /** Sent to a robot that confirms stops, no stop confirmed yet. */
    public static final StopEvidence CONFIRMING = new StopEvidence(true, null);

    public StopEvidence {
        if (confirmedAt != null && !robotConfirmsStops) {
            throw new IllegalArgumentException("only a robot that confirms stops confirms one");
        }
    }

    static StopEvidence of(boolean robotConfirmsStops) {
        return robotConfirmsStops ? CONFIRMING : NONE;
    }
}
