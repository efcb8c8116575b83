package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.astronrpa.openapi.domain.workflow.Workflow;

/** The workflow resource of API.md §2. */
record WorkflowJson(
        @JsonProperty("project_id") String projectId,
        String name,
        @JsonProperty("english_name") String englishName,
        String description,
        String version,
        int status,
        @JsonRawValue String parameters,
        @JsonProperty("tool_name") String toolName,
        @JsonProperty("user_id") String userId,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonRawValue String integration) {

    static WorkflowJson from(Workflow w) {
        return new WorkflowJson(w.projectId().value(), w.name(), w.englishName(), w.description(), w.version(),
                w.status().code(), w.parameters() == null ? null : w.parameters().json(), w.toolName().value(),
                w.ownerId().value(), Times.format(w.createdAt()), Times.format(w.updatedAt()),
                w.integration() == null ? null : w.integration().json());
    }
}
