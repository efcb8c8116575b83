package org.astronrpa.openapi.domain.workflow;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * A registered RPA workflow (an astron-rpa project) that its owner's robots can execute.
 * {@code revision} counts saved changes and guards against lost updates.
 *
 * @param integration what its owner declares of it for upstream astron-rpa's integration contract, or null
 */
public record Workflow(
        ProjectId projectId,
        UserId ownerId,
        String name,
        String englishName,
        String description,
        String version,
        WorkflowStatus status,
        ParametersSchema parameters,
        ToolName toolName,
        long revision,
        Instant createdAt,
        Instant updatedAt,
        IntegrationDeclaration integration) {

    /** A workflow without an integration declaration. */
    public Workflow(ProjectId projectId, UserId ownerId, String name, String englishName, String description,
                    String version, WorkflowStatus status, ParametersSchema parameters, ToolName toolName,
                    long revision, Instant createdAt, Instant updatedAt) {
        this(projectId, ownerId, name, englishName, description, version, status, parameters, toolName, revision,
                createdAt, updatedAt, null);
    }

    public Workflow {
        if (integration == IntegrationDeclaration.REMOVED) {
            throw new IllegalArgumentException("REMOVED is a change, not a declaration");
        }
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (revision < 1) {
            throw new IllegalArgumentException("revision starts at 1");
        }
    }

    /**
     * A new workflow; {@code name} must be among the fields.
     *
     * @param toolNameTaken whether a lowercase tool name is used by another workflow of {@code owner}
     */
    public static Workflow create(ProjectId projectId, UserId owner, WorkflowChanges fields,
                                  Predicate<String> toolNameTaken, Instant now) {
        if (projectId.isReserved()) {
            throw InvalidInput.of("project_id", "'" + ProjectId.RESERVED + "' is reserved: the integration contract's "
                    + "description is read under that name; choose another id");
        }
        if (fields.name() == null) {
            throw InvalidInput.of("name", "is required to create a workflow");
        }
        String englishName = fields.englishName();
        ToolName toolName = ToolName.derive(englishName, fields.name(), projectId, toolNameTaken);
        return new Workflow(projectId, owner, fields.name(), englishName, fields.description(),
                fields.version() == null ? WorkflowChanges.DEFAULT_VERSION : fields.version(),
                fields.status() == null ? WorkflowStatus.ACTIVE : fields.status(),
                fields.parameters(), toolName, 1, now, now,
                fields.integration() == IntegrationDeclaration.REMOVED ? null : fields.integration());
    }

    /** This workflow with the sent fields replaced; the tool name is derived again only on a rename. */
    public Workflow apply(WorkflowChanges changes, Predicate<String> toolNameTaken, Instant now) {
        String newName = changes.name() == null ? name : changes.name();
        String newEnglishName = changes.englishName() == null ? englishName : changes.englishName();
        ToolName newToolName = changes.renames()
                ? ToolName.derive(newEnglishName, newName, projectId, toolNameTaken)
                : toolName;
        return new Workflow(projectId, ownerId, newName, newEnglishName,
                changes.description() == null ? description : changes.description(),
                changes.version() == null ? version : changes.version(),
                changes.status() == null ? status : changes.status(),
                changes.parameters() == null ? parameters : changes.parameters(),
                newToolName, revision + 1, createdAt, now, changes.integration() == null ? integration
                        : changes.integration() == IntegrationDeclaration.REMOVED ? null : changes.integration());
    }

    public boolean isOwnedBy(UserId user) {
        return ownerId.equals(user);
    }

    public boolean isActive() {
        return status == WorkflowStatus.ACTIVE;
    }
}
