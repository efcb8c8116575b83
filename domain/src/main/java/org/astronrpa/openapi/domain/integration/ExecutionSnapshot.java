package org.astronrpa.openapi.domain.integration;

import java.time.Instant;
import java.util.Objects;

/**
 * One execution as the integration contract shows it (upstream's "snapshot"): the same for the MCP fixed tools and the
 * REST twins. {@link Snapshots#of} decides it from the stored execution.
 *
 * @param version          the workflow's version the execution was accepted for (≥ 1)
 * @param acceptedAt       when it was stored
 * @param startedAt        when it was sent to its robot (null before)
 * @param finishedAt       when it ended; only when {@link #terminal()}
 * @param clientId         the robot it was sent to, or null
 * @param runId            the run frame's event id, by which the robot's reply finds it, or null
 * @param cancelRequested  a cancel was recorded (the intent, not proof that the run stopped)
 * @param resultJson       the robot's result as JSON text when succeeded and visible, else null
 * @param error            why it failed, timed out or is unknown; null otherwise
 * @param supportsCancel   a cancel now would be confirmed: not terminal, and queued (no robot has it) or running on a
 *                         robot that confirms stops
 */
public record ExecutionSnapshot(String executionId, String projectId, long version, ContractStatus status,
                                Instant acceptedAt, Instant startedAt, Instant finishedAt, String clientId,
                                String runId, boolean cancelRequested, String resultJson, ContractError error,
                                boolean supportsCancel, ResultVisibility resultVisibility) {
    public ExecutionSnapshot {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(resultVisibility, "resultVisibility");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
        if ((finishedAt != null) != status.isTerminal()) {
            throw new IllegalArgumentException("finishedAt is set exactly when the status is terminal");
        }
        if (resultJson != null && status != ContractStatus.SUCCEEDED) {
            throw new IllegalArgumentException("only a succeeded execution has a result");
        }
        if (status.isTerminal() && supportsCancel) {
            throw new IllegalArgumentException("a terminal execution cannot be cancelled");
        }
    }

    /** The contract's times: UTC as Python's {@code isoformat()} writes them, {@code 2026-10-08T02:11:05.120000+00:00}. */
    private static final java.time.format.DateTimeFormatter WIRE_TIME = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(java.time.ZoneOffset.UTC);

    /** {@code at} as the contract writes a time; null for null. */
    public static String wireTime(Instant at) {
        return at == null ? null : WIRE_TIME.format(at);
    }

    /** Exactly {@code status ∈ {succeeded, failed, cancelled, timeout}}. */
    public boolean terminal() {
        return status.isTerminal();
    }

    /** Whether a result is shown, or withheld because the workflow takes secret inputs. */
    public enum ResultVisibility {
        JSON("json"), SUPPRESSED_FOR_SECRET_INPUTS("suppressed-for-secret-inputs");

        private final String wire;

        ResultVisibility(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
