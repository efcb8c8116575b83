package org.astronrpa.openapi.domain.execution;

/** One robot connection's way back to its robot, implemented by the protocol adapter. */
public interface RobotChannel {

    /** Sends the run frame; false when it certainly did not leave (the connection is gone or does not read). */
    boolean sendRun(RunOrder order);

    /**
     * Sends the run frame as {@link #sendRun(RunOrder)} does; when the connection then breaks before the frame was
     * written out, {@code undelivered} runs (once, later, on another thread). Channels that cannot tell never run it.
     */
    default boolean sendRun(RunOrder order, Runnable undelivered) {
        return sendRun(order);
    }

    /**
     * Tells the robot to stop this execution (best effort: robots that do not know it ignore it).
     *
     * @param wholeDesktop whether the robot may also be told to stop whatever its desktop runs (the astron-rpa
     *                     robot's only working stop): only when this connection was itself sent the run — one
     *                     presumed after a reconnect may be another desktop, running another run
     */
    void sendStop(String eventId, ExecutionId executionId, String projectId, boolean wholeDesktop);

    /**
     * Closes the connection for good, telling the robot why ({@code reason}, a sentence) so that it does not come
     * back by itself: another connection of the same robot replaced it, or its owner revoked or forgot it.
     */
    default void dismiss(Dismissal reason) {
    }

    /** Why a robot's connection is closed by the service (API.md §5.1 gives each its close code). */
    enum Dismissal {
        /** A newer connection of the same managed robot took its place. */
        REPLACED,
        /** Its owner revoked the robot. */
        REVOKED
    }
}
