package org.astronrpa.openapi.application.workflow;

import org.astronrpa.openapi.domain.workflow.Workflow;

/** What an upsert did: the caller answers 201 or 200. */
public sealed interface UpsertResult {
    Workflow workflow();

    record Created(Workflow workflow) implements UpsertResult {
    }

    record Updated(Workflow workflow) implements UpsertResult {
    }
}
