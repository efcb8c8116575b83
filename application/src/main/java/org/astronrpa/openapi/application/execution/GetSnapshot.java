package org.astronrpa.openapi.application.execution;

import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.execution.ExecutionNotFound;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot;
import org.astronrpa.openapi.domain.integration.Snapshots;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.workflow.SecretInputs;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/**
 * Reads one of the caller's executions as upstream astron-rpa's integration contract shows it ({@link Snapshots}),
 * with the contract's narrower visibility ({@link ContractView}): deleted or deactivated, a workflow's executions are
 * "not found" there (they stay readable through {@code GET /executions/{id}}).
 */
public final class GetSnapshot {
    private final ContractView view;

    public GetSnapshot(ExecutionRepository executions, WorkflowRepository workflows, SecretInputs secrets,
                       TimeSource time,
                       org.astronrpa.openapi.domain.integration.ContractJson json) {
        this.view = new ContractView(executions, workflows, secrets, time, json);
    }

    /** @throws ExecutionNotFound when the contract does not show it to the caller */
    public ExecutionSnapshot get(Caller caller, String id) {
        ContractView.Visible seen = view.visible(caller, id);
        return view.snapshot(seen.execution(), seen.workflow());
    }
}
