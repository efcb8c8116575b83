package org.astronrpa.openapi.application.execution;

import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionNotFound;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.integration.CancelUnsupported;
import org.astronrpa.openapi.domain.integration.ContractCancel;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.workflow.SecretInputs;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/**
 * The integration contract's cancel ({@link ContractCancel}): cancels what can be confirmed, answers the snapshot as it
 * is afterwards; an ended execution is answered as it is.
 */
public final class ContractCancelExecution {
    private final ContractView view;
    private final CancelExecution cancels;

    public ContractCancelExecution(ExecutionRepository executions, WorkflowRepository workflows, SecretInputs secrets,
                             TimeSource time, CancelExecution cancels,
                             org.astronrpa.openapi.domain.integration.ContractJson json) {
        this.view = new ContractView(executions, workflows, secrets, time, json);
        this.cancels = cancels;
    }

    /**
     * @throws ExecutionNotFound  when the contract does not show it to the caller
     * @throws CancelUnsupported when it runs on a robot that does not confirm stops (it is left as it is)
     */
    public ExecutionSnapshot cancel(Caller caller, String id) {
        ContractView.Visible seen = view.visible(caller, id);
        Execution after = cancels.cancel(seen.execution(),
                ContractCancel::decide);
        return view.snapshot(after, seen.workflow());
    }
}
