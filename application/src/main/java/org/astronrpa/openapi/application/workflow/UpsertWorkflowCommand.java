package org.astronrpa.openapi.application.workflow;

import java.util.Objects;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;

/**
 * Create-or-update of one workflow. {@code null} fields were not sent. {@code parametersJson} is the caller's
 * JSON text of the parameters schema, checked by the use case. Every bad field is reported at once.
 */
public record UpsertWorkflowCommand(UserId caller, ProjectId projectId, WorkflowChanges fields, String parametersJson) {

    public UpsertWorkflowCommand {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(fields, "fields");
        if (fields.parameters() != null) {
            throw new IllegalArgumentException("parameters travel as parametersJson, to be checked");
        }
    }

    /** Builds the command from the raw values of a request, collecting every field error. */
    public static UpsertWorkflowCommand of(UserId caller, String projectId, String name, String englishName,
                                           String description, String version, Long status, String parametersJson) {
        FieldErrors errors = new FieldErrors();
        ProjectId id = errors.collect(() -> new ProjectId(projectId));
        WorkflowStatus parsedStatus = status == null ? null : errors.collect(() -> WorkflowStatus.ofCode(status));
        WorkflowChanges fields = errors.collect(() -> new WorkflowChanges(name, englishName, description, version,
                parsedStatus, null));
        errors.throwIfAny();
        return new UpsertWorkflowCommand(caller, id, fields, parametersJson);
    }
}
