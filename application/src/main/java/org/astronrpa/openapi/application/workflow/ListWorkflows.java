package org.astronrpa.openapi.application.workflow;

import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/** A page of the caller's workflows, newest first. */
public final class ListWorkflows {
    private final WorkflowRepository workflows;

    public ListWorkflows(WorkflowRepository workflows) {
        this.workflows = workflows;
    }

    public Page<Workflow> list(UserId caller, WorkflowFilter filter, PageRequest page) {
        return workflows.page(caller, filter, page);
    }
}
