package org.astronrpa.openapi.domain.integration;

import java.time.Duration;
import java.time.Instant;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.StopEvidence;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot.ResultVisibility;

/**
 * Decides an execution's {@link ExecutionSnapshot} from what the service knows of it — the one place that maps our
 * states and error codes to the contract's (docs/API.md has the table). The rule is evidence: a run sent to a robot
 * and then cancelled or timed out has been asked to stop, and is {@code cancelled} / {@code timeout} only once that
 * robot confirmed the stop; until then it is still {@code running} for {@link #STOP_WINDOW} if its robot confirms
 * stops, and {@code unknown} ({@code STOP_UNCONFIRMED}) otherwise or afterwards — the desktop may go on with it.
 */
public final class Snapshots {
    /** How long a robot that confirms stops has to confirm one (upstream's client gives a process 10 s to exit). */
    public static final Duration STOP_WINDOW = Duration.ofSeconds(10);

    static final String CLIENT_OFFLINE = "CLIENT_OFFLINE";
    static final String CLIENT_BUSY = "CLIENT_BUSY";
    static final String EXECUTION_FAILED = "EXECUTION_FAILED";
    static final String EXECUTION_TIMEOUT = "EXECUTION_TIMEOUT";
    static final String STOP_UNCONFIRMED = "STOP_UNCONFIRMED";
    static final String UNSUPPORTED_RESULT = "UNSUPPORTED_RESULT";
    static final String EXECUTION_START_UNCONFIRMED = "EXECUTION_START_UNCONFIRMED";

    private Snapshots() {
    }

    /**
     * @param version      the workflow's version it was accepted for
     * @param secretInputs its workflow takes secret inputs: its result is never shown
     * @param now          for a stop still awaited: within {@link #STOP_WINDOW} of the cancel or timeout, or past it
     */
    public static ExecutionSnapshot of(Execution execution, long version, boolean secretInputs, Instant now) {
        return of(execution, version, secretInputs, now, true);
    }

    /**
     * @param resultFits whether a succeeded run's result fits the contract's JSON limits (and its workflow's declared
     *                   output schema): one that does not is {@code failed} / {@code UNSUPPORTED_RESULT}, its result
     *                   not shown
     */
    public static ExecutionSnapshot of(Execution execution, long version, boolean secretInputs, Instant now,
                                       boolean resultFits) {
        StopEvidence stop = execution.stop();
        Snapshot s = new Snapshot(execution, version, secretInputs);
        return switch (execution.status()) {
            case PENDING -> s.as(ContractStatus.ACCEPTED, null, null, true);   // cancelled before any robot has it
            case RUNNING -> s.as(ContractStatus.RUNNING, null, null, stop.robotConfirmsStops());
            case COMPLETED -> resultFits ? s.as(ContractStatus.SUCCEEDED, execution.endTime(), null, false)
                    : s.as(ContractStatus.FAILED, execution.endTime(), new ContractError(UNSUPPORTED_RESULT,
                    "the run's result is beyond the contract's JSON limits or its declared output schema"), false);
            case CANCELLED -> execution.dispatchedAt() == null
                    ? s.as(ContractStatus.CANCELLED, execution.endTime(), null, false)
                    : s.stopped(ContractStatus.CANCELLED, null, stop, now);
            case FAILED -> switch (execution.errorCode()) {
                case ROBOT_OFFLINE -> s.as(ContractStatus.FAILED, execution.endTime(), new ContractError(CLIENT_OFFLINE,
                        "no robot of the user was connected within the dispatch timeout"), false);
                case ROBOT_BUSY -> s.as(ContractStatus.FAILED, execution.endTime(), new ContractError(CLIENT_BUSY,
                        "the robot was running another task"), false);
                case ROBOT_ERROR, CANCELLED -> s.as(ContractStatus.FAILED, execution.endTime(),
                        new ContractError(EXECUTION_FAILED, "the robot reported that the run failed"), false);
                case TIMEOUT -> s.stopped(ContractStatus.TIMEOUT, new ContractError(EXECUTION_TIMEOUT,
                        "the run did not end within its timeout and was stopped"), stop, now);
                case INSTANCE_LOST -> s.as(ContractStatus.UNKNOWN, null, new ContractError(
                        EXECUTION_START_UNCONFIRMED, "the service instance that held the run was lost; whether it "
                        + "started is not known"), false);
            };
        };
    }

    /** The parts every state shares. */
    private record Snapshot(Execution execution, long version, boolean secretInputs) {
        ExecutionSnapshot as(ContractStatus status, Instant finishedAt, ContractError error, boolean supportsCancel) {
            String result = status == ContractStatus.SUCCEEDED && !secretInputs ? execution.resultJson() : null;
            return new ExecutionSnapshot(execution.id().value(), execution.projectId().value(), version, status,
                    execution.startTime(), execution.dispatchedAt(), finishedAt, execution.robotId(),
                    execution.eventId(), execution.status() == org.astronrpa.openapi.domain.execution.ExecutionStatus
                            .CANCELLED, result, error, supportsCancel,
                    secretInputs ? ResultVisibility.SUPPRESSED_FOR_SECRET_INPUTS : ResultVisibility.JSON);
        }

        /** A run asked to stop (when it ended here): {@code ended} once confirmed, else awaited, then unknown. */
        ExecutionSnapshot stopped(ContractStatus ended, ContractError error, StopEvidence stop, Instant now) {
            if (stop.confirmedAt() != null) {
                return as(ended, stop.confirmedAt(), error, false);
            }
            if (stop.robotConfirmsStops() && now.isBefore(execution.endTime().plus(STOP_WINDOW))) {
                return as(ContractStatus.RUNNING, null, null, true);
            }
            return as(ContractStatus.UNKNOWN, null, new ContractError(STOP_UNCONFIRMED, "the robot was told to stop "
                    + "the run and did not confirm it: it may still go on on the desktop"), stop.robotConfirmsStops());
        }
    }
}
