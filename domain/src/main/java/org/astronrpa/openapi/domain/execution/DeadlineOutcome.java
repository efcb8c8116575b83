package org.astronrpa.openapi.domain.execution;

/** What an execution decided when its deadline may have passed ({@link Execution#deadlinePassed}). */
public sealed interface DeadlineOutcome {

    /** Ended or moved on meanwhile, or not due yet: nothing changes. */
    record NotDue(Execution current) implements DeadlineOutcome {
    }

    /** Queued behind work of its owner's robots: it waits on, until the new dispatch deadline. */
    record Postponed(Execution next) implements DeadlineOutcome {
    }

    /** Its owner had no robot for the whole dispatch timeout: FAILED with ROBOT_OFFLINE. */
    record RobotOffline(Execution failed) implements DeadlineOutcome {
    }

    /** Dispatched, but no reply within its timeout: FAILED with TIMEOUT, and its robot is to be told to stop. */
    record TimedOut(Execution failed) implements DeadlineOutcome {
    }
}
