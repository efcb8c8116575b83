package org.astronrpa.openapi.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.StopEvidence;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps {@code executions} rows to executions and binds executions as statement parameters. */
final class ExecutionRows implements RowMapper<Execution> {
    static final String COLUMNS = """
            id, project_id, user_id, status, params, result, error, error_code, exec_position, robot_id, event_id,
            start_time, dispatched_at, end_time, timeout_seconds, dispatch_deadline, version, target, batch_id, callback,
            workflow_revision, robot_confirms_stops, stop_confirmed_at""";

    @Override
    public Execution map(ResultSet row, StatementContext context) throws SQLException {
        String errorCode = row.getString("error_code");
        return new Execution(
                new ExecutionId(row.getString("id")),
                new ProjectId(row.getString("project_id")),
                new UserId(row.getString("user_id")),
                ExecutionStatus.valueOf(row.getString("status")),
                row.getString("params"),
                row.getString("result"),
                row.getString("error"),
                errorCode == null ? null : ErrorCode.valueOf(errorCode),
                row.getString("exec_position"),
                row.getString("robot_id"),
                row.getString("event_id"),
                UtcTimes.read(row, "start_time"),
                UtcTimes.read(row, "dispatched_at"),
                UtcTimes.read(row, "end_time"),
                new ExecutionTimeout(row.getInt("timeout_seconds")),
                UtcTimes.read(row, "dispatch_deadline"),
                row.getLong("version"),
                RobotTarget.ofKey(row.getString("target")),
                row.getString("batch_id"),
                org.astronrpa.openapi.domain.execution.ExecutionCallback.decode(row.getString("callback")),
                row.getObject("workflow_revision", Long.class),
                new StopEvidence(row.getBoolean("robot_confirms_stops"), UtcTimes.read(row, "stop_confirmed_at")));
    }

    /**
     * Binds every column under its camelCase name, {@code projectKey} = {@link ProjectId#key()}, and
     * {@code deadlineAt} = {@link Execution#deadline()}.
     */
    static <S extends SqlStatement<S>> S bind(S statement, Execution execution) {
        return bind(statement, execution, "");
    }

    /** Binds the parameters named after the columns, each with {@code suffix} (a row's number in a multi-row INSERT). */
    static <S extends SqlStatement<S>> S bind(S statement, Execution execution, String suffix) {
        return statement
                .bind("id" + suffix, execution.id().value())
                .bind("projectId" + suffix, execution.projectId().value())
                .bind("projectKey" + suffix, execution.projectId().key())
                .bind("userId" + suffix, execution.ownerId().value())
                .bind("status" + suffix, execution.status().name())
                .bind("params" + suffix, execution.paramsJson())
                .bind("result" + suffix, execution.resultJson())
                .bind("error" + suffix, execution.error())
                .bind("errorCode" + suffix, execution.errorCode() == null ? null : execution.errorCode().name())
                .bind("execPosition" + suffix, execution.execPosition())
                .bind("robotId" + suffix, execution.robotId())
                .bind("eventId" + suffix, execution.eventId())
                .bind("startTime" + suffix, UtcTimes.column(execution.startTime()))
                .bind("dispatchedAt" + suffix, UtcTimes.column(execution.dispatchedAt()))
                .bind("endTime" + suffix, UtcTimes.column(execution.endTime()))
                .bind("timeoutSeconds" + suffix, execution.timeout().seconds())
                .bind("dispatchDeadline" + suffix, UtcTimes.column(execution.dispatchDeadline()))
                .bind("deadlineAt" + suffix, UtcTimes.column(execution.deadline()))
                .bind("version" + suffix, execution.version())
                .bind("target" + suffix, execution.target().key())
                .bind("batchId" + suffix, execution.batchId())
                .bind("callback" + suffix, execution.callback() == null ? null : execution.callback().encoded())
                .bind("workflowRevision" + suffix, execution.workflowRevision())
                .bind("robotConfirmsStops" + suffix, execution.stop().robotConfirmsStops())
                .bind("stopConfirmedAt" + suffix, UtcTimes.column(execution.stop().confirmedAt()));
    }
}
