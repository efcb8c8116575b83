package org.astronrpa.openapi.application.workflow;

import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/** Deletes one of the caller's workflows; its executions stay readable. */
public final class DeleteWorkflow {
    private final WorkflowRepository workflows;
    private final DomainEvents events;
    private final IdGenerator ids;
    private final TimeSource time;

    public DeleteWorkflow(WorkflowRepository workflows, DomainEvents events, IdGenerator ids, TimeSource time) {
        this.workflows = workflows;
        this.events = events;
        this.ids = ids;
        this.time = time;
    }

    /** As {@link #delete(UserId, ProjectId)}; a workflow outside the caller's key's allow-list is not found either. */
    public void delete(Caller caller, ProjectId projectId) {
        if (!caller.grant().sees(projectId)) {
            throw new WorkflowNotFound(projectId);
        }
        delete(caller.userId(), projectId);
    }

    void delete(UserId caller, ProjectId projectId) {
        Workflow last = workflows.find(projectId).filter(w -> w.isOwnedBy(caller))
                .orElseThrow(() -> new WorkflowNotFound(projectId));
        if (!workflows.delete(projectId, caller)) {
            throw new WorkflowNotFound(projectId);
        }
        events.record(WorkflowEvent.Deleted.of(ids.newId(), last, time.now()));
    }
}
