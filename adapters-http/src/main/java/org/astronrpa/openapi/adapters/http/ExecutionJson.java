package org.astronrpa.openapi.adapters.http;

import java.util.Map;
import org.astronrpa.openapi.domain.robot.RobotTarget;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.astronrpa.openapi.domain.execution.Execution;

/** The execution resource of API.md §3. */
record ExecutionJson(
        String id,
        @JsonProperty("project_id") String projectId,
        String status,
        @JsonRawValue String parameters,
        @JsonRawValue String result,
        String error,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("exec_position") String execPosition,
        @JsonProperty("user_id") String userId,
        @JsonProperty("robot_id") String robotId,
        @JsonProperty("start_time") String startTime,
        @JsonProperty("dispatched_at") String dispatchedAt,
        @JsonProperty("end_time") String endTime,
        @JsonProperty("timeout_seconds") int timeoutSeconds,
        Map<String, Object> target,
        @JsonProperty("batch_id") String batchId,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Map<String, Object> callback) {

    static ExecutionJson from(Execution e) {
        return new ExecutionJson(e.id().value(), e.projectId().value(), e.status().name(), e.paramsJson(),
                e.resultJson(), e.error(), e.errorCode() == null ? null : e.errorCode().name(), e.execPosition(),
                e.ownerId().value(), e.robotId(), Times.format(e.startTime()), Times.format(e.dispatchedAt()),
                Times.format(e.endTime()), e.timeout().seconds(), target(e.target()), e.batchId(),
                e.callback() == null ? null : Map.of("url", e.callback().url().toString(),
                        "events", e.callback().orderedEvents()));
    }

    /** The execution without its callback: what other receivers are sent (a callback's URL may hold a token). */
    ExecutionJson withoutCallback() {
        return new ExecutionJson(id, projectId, status, parameters, result, error, errorCode, execPosition, userId,
                robotId, startTime, dispatchedAt, endTime, timeoutSeconds, target, batchId, null);
    }

    /** {@code null} for any robot, {@code {"robot_id": …}} or {@code {"labels": {…}}}. */
    static Map<String, Object> target(RobotTarget target) {
        if (target.isAny()) {
            return null;
        }
        return target.robotId() != null ? Map.of("robot_id", target.robotId().value())
                : Map.of("labels", target.labels().values());
    }
}
