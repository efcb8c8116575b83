package org.astronrpa.openapi.application.execution;

import java.util.Objects;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.IdempotencyRecord;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.Text;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/**
 * A request to run a workflow. {@code paramsJson} is the compact JSON text of an object; {@code timeout}
 * {@code null} means the configured default.
 */
public record StartExecutionCommand(UserId caller, ProjectId projectId, String paramsJson, String execPosition,
                                    ExecutionTimeout timeout, String idempotencyKey, RobotTarget target,
                                    org.astronrpa.openapi.domain.execution.ExecutionCallback callback) {
    public static final int EXEC_POSITION_MAX = 32;
    /** The positions the astron-rpa desktop robot accepts; it refuses any other. */
    public static final java.util.Set<String> EXEC_POSITIONS = java.util.Set.of("EXECUTOR", "PROJECT_LIST", "EDIT_PAGE",
            "CRONTAB", "DISPATCH");

    public StartExecutionCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(paramsJson, "paramsJson");
        Objects.requireNonNull(target, "target");
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > IdempotencyRecord.MAX_KEY_LENGTH)) {
            throw new IllegalArgumentException("the adapter checks the Idempotency-Key length");
        }
    }

    /** A request without a callback. */
    public StartExecutionCommand(UserId caller, ProjectId projectId, String paramsJson, String execPosition,
                                 ExecutionTimeout timeout, String idempotencyKey, RobotTarget target) {
        this(caller, projectId, paramsJson, execPosition, timeout, idempotencyKey, target, null);
    }

    /** A request for any robot of the caller. */
    public StartExecutionCommand(UserId caller, ProjectId projectId, String paramsJson, String execPosition,
                                 ExecutionTimeout timeout, String idempotencyKey) {
        this(caller, projectId, paramsJson, execPosition, timeout, idempotencyKey, RobotTarget.ANY);
    }

    private static String position(String raw) {
        String position = Text.trimmed("exec_position", raw, 1, EXEC_POSITION_MAX);
        if (!EXEC_POSITIONS.contains(position)) {
            throw org.astronrpa.openapi.domain.shared.InvalidInput.of("exec_position",
                    "must be one of EXECUTOR, PROJECT_LIST, EDIT_PAGE, CRONTAB, DISPATCH");
        }
        return position;
    }

    /** The same command with an idempotency key ({@code null} for none). */
    public StartExecutionCommand withIdempotencyKey(String key) {
        return new StartExecutionCommand(caller, projectId, paramsJson, execPosition, timeout, key, target, callback);
    }

    /** The same command, the execution's events of {@code wanted}'s to go to it ({@code null}: none). */
    public StartExecutionCommand withCallback(org.astronrpa.openapi.domain.execution.ExecutionCallback wanted) {
        return new StartExecutionCommand(caller, projectId, paramsJson, execPosition, timeout, idempotencyKey, target,
                wanted);
    }

    /** The same command for the robots {@code where} names ({@code null}: any robot). */
    public StartExecutionCommand withTarget(RobotTarget where) {
        return new StartExecutionCommand(caller, projectId, paramsJson, execPosition, timeout, idempotencyKey,
                where == null ? RobotTarget.ANY : where, callback);
    }

    /** Identifies the request body, so that a key reused with another body is recognised. */
    public String fingerprint() {
        String canonical = String.join("\n", projectId.key(), paramsJson,
                String.valueOf(execPosition), timeout == null ? "" : Integer.toString(timeout.seconds()))
                // a request for any robot keeps the fingerprint it had before targets existed
                + (target.isAny() ? "" : "\n" + target.key())
                // and one without a callback the fingerprint it had before callbacks existed
                + (callback == null ? "" : "\ncallback " + callback.encoded());
        return org.astronrpa.openapi.domain.shared.Sha256.hex(canonical);
    }

    /** Builds the command from a request's raw values, naming every bad field at once. */
    public static StartExecutionCommand of(UserId caller, String projectId, String paramsJson, String execPosition,
                                           Long timeoutSeconds) {
        FieldErrors errors = new FieldErrors();
        ProjectId id = errors.collect(() -> new ProjectId(projectId));
        String position = execPosition == null ? null : errors.collect(() -> position(execPosition));
        ExecutionTimeout timeout = timeoutSeconds == null ? null : errors.collect(() -> new ExecutionTimeout(
                timeoutSeconds > Integer.MAX_VALUE || timeoutSeconds < Integer.MIN_VALUE ? 0 : timeoutSeconds.intValue()));
        errors.throwIfAny();
        return new StartExecutionCommand(caller, id, paramsJson == null ? "{}" : paramsJson, position, timeout, null);
    }
}
