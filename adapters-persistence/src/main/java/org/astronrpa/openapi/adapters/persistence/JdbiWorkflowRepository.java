package org.astronrpa.openapi.adapters.persistence;

import java.util.Optional;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ToolNameTaken;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowAlreadyExists;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Workflows in the {@code workflows} table. A workflow is found by its project id's key ({@link ProjectId#key()},
 * compared exactly: see V5); tool names fold case in the database (they are ASCII).
 */
public final class JdbiWorkflowRepository implements WorkflowRepository {
    private static final WorkflowRows ROWS = new WorkflowRows();
    /** A zero count row for each status of the owner's executions of a workflow, where there is none yet. */
    private static final String COUNT_ROWS = "INSERT INTO execution_counts (user_id, project_key, status, n)"
            + " SELECT :userId, :projectKey, statuses.status, 0 FROM ("
            + java.util.Arrays.stream(org.astronrpa.openapi.domain.execution.ExecutionStatus.values())
                    .map(status -> "SELECT '" + status.name() + "' AS status")
                    .collect(java.util.stream.Collectors.joining(" UNION ALL "))
            + ") statuses WHERE NOT EXISTS (SELECT 1 FROM execution_counts c"
            + " WHERE c.user_id = :userId AND c.project_key = :projectKey AND c.status = statuses.status)";

    private final Jdbi jdbi;

    public JdbiWorkflowRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Workflow> find(ProjectId projectId) {
        return jdbi.withHandle(handle -> handle
                .createQuery("SELECT " + WorkflowRows.COLUMNS + " FROM workflows WHERE project_key = :projectKey")
                .bind("projectKey", projectId.key())
                .map(ROWS)
                .findOne());
    }

    @Override
    public void insert(Workflow workflow) {
        try {
            jdbi.useHandle(handle -> {
                WorkflowRows.bind(handle.createUpdate("""
                    INSERT INTO workflows (project_id, project_key, user_id, name, english_name, description, version, status,
                                           parameters, tool_name, revision, created_at, updated_at, integration)
                    VALUES (:projectId, :projectKey, :userId, :name, :englishName, :description, :version, :status,
                            :parameters, :toolName, :revision, :createdAt, :updatedAt, :integration)"""), workflow)
                    .execute();
                // its executions' count rows, zero, so that starts and status changes only update them (V11 says why)
                handle.createUpdate(COUNT_ROWS)
                        .bind("userId", workflow.ownerId().value())
                        .bind("projectKey", workflow.projectId().key())
                        .execute();
                // then its rows in the owner's keys' allow-lists are dated (V25): after the generation, which a key
                // writing its allow-list holds too, so that each of the two sees the other's change
                nextGeneration(handle, workflow.ownerId());
                handle.createUpdate("""
                                UPDATE api_key_workflows SET created_at = :createdAt
                                 WHERE project_key = :projectKey
                                   AND key_id IN (SELECT id FROM api_keys WHERE user_id = :owner)""")
                        .bind("createdAt", UtcTimes.column(workflow.createdAt()))
                        .bind("projectKey", workflow.projectId().key())
                        .bind("owner", workflow.ownerId().value())
                        .execute();
            });
        } catch (UnableToExecuteStatementException e) {
            if (!DuplicateKeys.isViolation(e)) {
                throw e;
            }
            // which key was hit, asked of the data rather than of each database's error text
            if (find(workflow.projectId()).isPresent()) {
                throw new WorkflowAlreadyExists(workflow.projectId());
            }
            throw new ToolNameTaken(workflow.toolName().value());
        }
    }

    @Override
    public void update(Workflow workflow) {
        int updated;
        try {
            updated = jdbi.withHandle(handle -> WorkflowRows.bind(handle.createUpdate("""
                    UPDATE workflows
                       SET name = :name, english_name = :englishName, description = :description,
                           version = :version, status = :status, parameters = :parameters,
                           tool_name = :toolName, revision = :revision, updated_at = :updatedAt,
                           integration = :integration
                     WHERE project_key = :projectKey AND revision = :expectedRevision"""), workflow)
                    .bind("expectedRevision", workflow.revision() - 1)
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            // the primary key does not change here: only the owner's tool names are unique
            if (DuplicateKeys.isViolation(e)) {
                throw new ToolNameTaken(workflow.toolName().value());
            }
            throw e;
        }
        if (updated == 0) {
            throw new ConcurrentUpdate("workflow '" + workflow.projectId() + "'");
        }
    }

    @Override
    public boolean delete(ProjectId projectId, UserId owner) {
        return jdbi.inTransaction(handle -> {
            boolean deleted = handle
                    .createUpdate("DELETE FROM workflows WHERE project_key = :projectKey AND user_id = :owner")
                    .bind("projectKey", projectId.key())
                    .bind("owner", owner.value())
                    .execute() > 0;
            if (deleted) {
                nextGeneration(handle, owner);
                handle.createUpdate("UPDATE api_key_workflows SET created_at = NULL WHERE project_key = :projectKey")
                        .bind("projectKey", projectId.key())
                        .execute();
            }
            return deleted;
        });
    }

    /**
     * Moves the owner's workflow set to its next generation (V24), in the transaction that adds or removes one of
     * them: totals kept for an older generation are counted again.
     */
    static void nextGeneration(Handle handle, UserId owner) {
        String update = "UPDATE workflow_generations SET generation = generation + 1 WHERE user_id = :owner";
        if (handle.createUpdate(update).bind("owner", owner.value()).execute() > 0) {
            return;
        }
        try {
            handle.createUpdate("INSERT INTO workflow_generations (user_id, generation) VALUES (:owner, 1)")
                    .bind("owner", owner.value()).execute();
        } catch (UnableToExecuteStatementException e) {
            if (!DuplicateKeys.isViolation(e)) {
                throw e;
            }
            // another change of the owner's made the row first: move it on from there
            handle.createUpdate(update).bind("owner", owner.value()).execute();
        }
    }

    @Override
    public Page<Workflow> page(UserId owner, WorkflowFilter filter, PageRequest page) {
        return new WorkflowListQuery(owner, filter).run(jdbi, page, ROWS);
    }

    @Override
    public boolean isToolNameTaken(UserId owner, String toolNameKey, ProjectId except) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT 1 AS taken FROM workflows
                         WHERE user_id = :owner AND tool_name = :toolName AND project_key <> :except""")
                .bind("owner", owner.value())
                .bind("toolName", toolNameKey)
                .bind("except", except.key())
                .mapTo(Integer.class)
                .findFirst()
                .isPresent());
    }
}
