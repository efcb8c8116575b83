package org.astronrpa.openapi.application.schedule;

import java.time.Duration;
import org.astronrpa.openapi.domain.schedule.Occurrence;

/** Hears of each occurrence this instance decided: what became of it, and how long after its fire time. */
@FunctionalInterface
public interface ScheduleObserver {
    ScheduleObserver NONE = (outcome, lag) -> { };

    /**
     * @param lag from the occurrence's fire time (its scheduled time plus its jitter) to the decision: for a fired one,
     *            how late its execution was queued
     */
    void decided(Occurrence.Outcome outcome, Duration lag);
}
