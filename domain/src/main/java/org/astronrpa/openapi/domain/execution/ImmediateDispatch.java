package org.astronrpa.openapi.domain.execution;

/** What became of a new execution right after it was offered to its owner's robots ({@link Execution#noRobotTookIt}). */
public sealed interface ImmediateDispatch {

    /** A robot took it (or it ended meanwhile). */
    record Taken(Execution current) implements ImmediateDispatch {
    }

    /** It may wait for a robot: it stays queued. */
    record Waits(Execution current) implements ImmediateDispatch {
    }

    /** It may not wait (dispatch timeout 0) and no robot took it: FAILED with ROBOT_OFFLINE. */
    record NoRobot(Execution failed) implements ImmediateDispatch {
    }
}
