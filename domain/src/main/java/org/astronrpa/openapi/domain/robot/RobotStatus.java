package org.astronrpa.openapi.domain.robot;

/** What a robot is doing now, as {@code GET /robots} shows it. */
public enum RobotStatus {
    /** Connected and free to take work. */
    ONLINE,
    /** Connected and running an execution. */
    BUSY,
    /** Connected, and its owner asked it to take no new work (it finishes the run it has). */
    DRAINING,
    /** Not connected to any instance. */
    OFFLINE;

    /** The status of a robot that is or is not connected, runs or does not run an execution, and drains or not. */
    public static RobotStatus of(boolean connected, boolean busy, boolean draining) {
        if (!connected) {
            return OFFLINE;
        }
        if (draining) {
            return DRAINING;
        }
        return busy ? BUSY : ONLINE;
    }
}
