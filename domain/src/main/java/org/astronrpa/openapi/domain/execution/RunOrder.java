package org.astronrpa.openapi.domain.execution;

import java.util.Objects;

/** What a robot is told to run: the run frame of API.md §5.1, before the protocol adapter formats it. */
public record RunOrder(String eventId, ExecutionId executionId, String projectId, String execPosition,
                       String paramsJson, String userId) {
    public RunOrder {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(paramsJson, "paramsJson");
    }

    public static RunOrder of(Execution running) {
        return new RunOrder(running.eventId(), running.id(), running.projectId().value(), running.execPosition(),
                running.paramsJson(), running.ownerId().value());
    }
}
