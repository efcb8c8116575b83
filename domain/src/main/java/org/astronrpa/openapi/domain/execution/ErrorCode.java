package org.astronrpa.openapi.domain.execution;

/** Why an execution did not complete (API.md §3). */
public enum ErrorCode {
    /** No robot of the user connected within the dispatch timeout. */
    ROBOT_OFFLINE,
    /** The robot did not reply within {@code timeout_seconds} of dispatch. */
    TIMEOUT,
    /** The robot replied with an error. */
    ROBOT_ERROR,
    /** The robot refused because it was running something else. */
    ROBOT_BUSY,
    /** The caller cancelled it. */
    CANCELLED,
    /** The instance that held it died before it could be sent. */
    INSTANCE_LOST
}
