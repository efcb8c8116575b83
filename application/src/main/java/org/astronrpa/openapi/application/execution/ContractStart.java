package org.astronrpa.openapi.application.execution;

import java.util.Objects;

/**
 * A start of upstream astron-rpa's integration contract (MCP {@code astron_workflow_execute} or REST {@code POST
 * /workflows/execute-async?contract=1}), as its transport read it. Null means "not sent".
 *
 * @param paramsJson          compact JSON text of an object, or null
 * @param idempotencyKey      1..200 characters, or null
 * @param executionTimeout    1..86400 seconds, or null for the configured default
 * @param transport           {@code mcp} or {@code rest}
 * @param execPosition        REST only: {@code EXECUTOR} or null
 * @param recordingConfigJson REST only: JSON text, or null; part of the request's digest, not used otherwise
 */
public record ContractStart(String projectId, Long version, String paramsJson, String idempotencyKey,
                            Integer executionTimeout, String capabilityClass, String profileRevision, String transport,
                            String execPosition, String recordingConfigJson) {
    public static final int MAX_IDEMPOTENCY_KEY = 200;

    public ContractStart {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(transport, "transport");
        if (!transport.equals("mcp") && !transport.equals("rest")) {
            throw new IllegalArgumentException("a transport is mcp or rest: " + transport);
        }
    }
}
