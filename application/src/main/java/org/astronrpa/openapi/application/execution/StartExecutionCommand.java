package org.astronrpa.openapi.application.execution;

import java.util.Objects;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.Text;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;

/**
 * A request to run a workflow. {@code paramsJson} is the compact JSON text of an object; {@code timeout}
 * {@code null} means the configured default.
 */
public record StartExecutionCommand(UserId caller, ProjectId projectId, String paramsJson, String execPosition,
                                    ExecutionTimeout timeout) {
    public static final int EXEC_POSITION_MAX = 32;

    public StartExecutionCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(paramsJson, "paramsJson");
    }

    /** Builds the command from a request's raw values, naming every bad field at once. */
    public static StartExecutionCommand of(UserId caller, String projectId, String paramsJson, String execPosition,
                                           Long timeoutSeconds) {
        FieldErrors errors = new FieldErrors();
        ProjectId id = errors.collect(() -> new ProjectId(projectId));
        String position = execPosition == null ? null
                : errors.collect(() -> Text.trimmed("exec_position", execPosition, 1, EXEC_POSITION_MAX));
        ExecutionTimeout timeout = timeoutSeconds == null ? null : errors.collect(() -> new ExecutionTimeout(
                timeoutSeconds > Integer.MAX_VALUE || timeoutSeconds < Integer.MIN_VALUE ? 0 : timeoutSeconds.intValue()));
        errors.throwIfAny();
        return new StartExecutionCommand(caller, id, paramsJson == null ? "{}" : paramsJson, position, timeout);
    }
}
