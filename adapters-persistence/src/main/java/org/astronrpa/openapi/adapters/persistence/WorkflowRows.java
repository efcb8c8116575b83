package org.astronrpa.openapi.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.IntegrationDeclaration;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ToolName;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps {@code workflows} rows to workflows and binds workflows as statement parameters. */
final class WorkflowRows implements RowMapper<Workflow> {
    static final String COLUMNS = """
            project_id, user_id, name, english_name, description, version, status, parameters,
            tool_name, revision, created_at, updated_at, integration""";

    @Override
    public Workflow map(ResultSet row, StatementContext context) throws SQLException {
        String parameters = row.getString("parameters");
        String integration = row.getString("integration");
        return new Workflow(
                new ProjectId(row.getString("project_id")),
                new UserId(row.getString("user_id")),
                row.getString("name"),
                row.getString("english_name"),
                row.getString("description"),
                row.getString("version"),
                WorkflowStatus.ofCode(row.getInt("status")),
                parameters == null ? null : new ParametersSchema(parameters),
                new ToolName(row.getString("tool_name")),
                row.getLong("revision"),
                UtcTimes.read(row, "created_at"),
                UtcTimes.read(row, "updated_at"),
                integration == null ? null : new IntegrationDeclaration(integration));
    }

    /** Binds every column under its camelCase name, and {@code projectKey} = {@link ProjectId#key()}. */
    static <S extends SqlStatement<S>> S bind(S statement, Workflow workflow) {
        return statement
                .bind("projectId", workflow.projectId().value())
                .bind("projectKey", workflow.projectId().key())
                .bind("userId", workflow.ownerId().value())
                .bind("name", workflow.name())
                .bind("englishName", workflow.englishName())
                .bind("description", workflow.description())
                .bind("version", workflow.version())
                .bind("status", workflow.status().code())
                .bind("parameters", workflow.parameters() == null ? null : workflow.parameters().json())
                .bind("toolName", workflow.toolName().value())
                .bind("revision", workflow.revision())
                .bind("createdAt", UtcTimes.column(workflow.createdAt()))
                .bind("updatedAt", UtcTimes.column(workflow.updatedAt()))
                .bind("integration", workflow.integration() == null ? null : workflow.integration().json());
    }
}
