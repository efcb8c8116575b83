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
 * {@code integrationJson} is the caller's JSON text of the workflow's integration declaration (docs/API.md §6a),
 * {@code "null"} to remove it, {@code null} to keep it.
 */
public record UpsertWorkflowCommand(UserId caller, ProjectId projectId, WorkflowChanges fields, String parametersJson,
                                    String integrationJson) {

    /** Without an integration declaration (the workflow's is kept). */
    public UpsertWorkflowCommand(UserId caller, ProjectId projectId, WorkflowChanges fields, String parametersJson) {
        this(caller, projectId, fields, parametersJson, null);
    }

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

    /** The same command with the caller's declaration text ({@code "null"}: remove it). */
    public UpsertWorkflowCommand withIntegration(String json) {
        return new UpsertWorkflowCommand(caller, projectId, fields, parametersJson, json);
    }

    /** A command built by field name: {@code builder(alice, "p-1").name("Invoices").parameters(schema).build()}. */
    public static Builder builder(UserId caller, String projectId) {
        return new Builder(caller, projectId);
    }

    /** The fields of an upsert by name; those not set are not sent (an update keeps them). */
    public static final class Builder {
        private final UserId caller;
        private final String projectId;
        private String name;
        private String englishName;
        private String description;
        private String version;
        private Long status;
        private String parametersJson;

        private Builder(UserId caller, String projectId) {
            this.caller = caller;
            this.projectId = projectId;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder englishName(String englishName) {
            this.englishName = englishName;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder status(WorkflowStatus status) {
            this.status = status == null ? null : (long) status.code();
            return this;
        }

        /** The parameters' JSON Schema as JSON text. */
        public Builder parameters(String parametersJson) {
            this.parametersJson = parametersJson;
            return this;
        }

        /** @throws org.astronrpa.openapi.domain.shared.InvalidInput naming every bad field */
        public UpsertWorkflowCommand build() {
            return of(caller, projectId, name, englishName, description, version, status, parametersJson);
        }
    }
}
