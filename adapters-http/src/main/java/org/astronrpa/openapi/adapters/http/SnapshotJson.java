package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import org.astronrpa.openapi.domain.integration.ContractError;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot;

/**
 * An {@link ExecutionSnapshot} on the wire of upstream astron-rpa's integration contract 1: exactly its fifteen keys,
 * in camelCase, every one present (null included); times in UTC as Python's {@code isoformat()} writes them
 * ({@code 2026-10-08T02:11:05.120000+00:00}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record SnapshotJson(String executionId, String projectId, long version, String status, boolean terminal,
                    String acceptedAt, String startedAt, String finishedAt, String clientId, String runId,
                    boolean cancelRequested, @JsonRawValue String result, Error error, boolean supportsCancel,
                    String resultVisibility) {
    /** {@code {"code", "message"}}. */
    record Error(String code, String message) {
        static Error of(ContractError error) {
            return error == null ? null : new Error(error.code(), error.message());
        }
    }

    /** {@code data} of a contract read: {@code {"snapshot": …}}. */
    record Data(SnapshotJson snapshot) {
    }

    static SnapshotJson from(ExecutionSnapshot s) {
        return new SnapshotJson(s.executionId(), s.projectId(), s.version(), s.status().wire(), s.terminal(),
                time(s.acceptedAt()), time(s.startedAt()), time(s.finishedAt()), s.clientId(), s.runId(),
                s.cancelRequested(), s.resultJson() == null ? "null" : s.resultJson(), Error.of(s.error()),
                s.supportsCancel(), s.resultVisibility().wire());
    }

    private static String time(Instant at) {
        return ExecutionSnapshot.wireTime(at);
    }
}
