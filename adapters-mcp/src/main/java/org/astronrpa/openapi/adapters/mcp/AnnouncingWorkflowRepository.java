package org.astronrpa.openapi.adapters.mcp;

import java.util.Optional;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/** A workflow store that names the owner of every saved change, after the save succeeded. */
final class AnnouncingWorkflowRepository implements WorkflowRepository {
    private final WorkflowRepository stored;
    private final Consumer<UserId> changed;

    AnnouncingWorkflowRepository(WorkflowRepository stored, Consumer<UserId> changed) {
        this.stored = stored;
        this.changed = changed;
    }

    @Override
    public Optional<Workflow> find(ProjectId projectId) {
        return stored.find(projectId);
    }

    @Override
    public void insert(Workflow workflow) {
        stored.insert(workflow);
        changed.accept(workflow.ownerId());
    }

    @Override
    public void update(Workflow workflow) {
        stored.update(workflow);
        changed.accept(workflow.ownerId());
    }

    @Override
    public boolean delete(ProjectId projectId, UserId owner) {
        boolean deleted = stored.delete(projectId, owner);
        if (deleted) {
            changed.accept(owner);
        }
        return deleted;
    }

    @Override
    public Page<Workflow> page(UserId owner, WorkflowFilter filter, PageRequest page) {
        return stored.page(owner, filter, page);
    }

    @Override
    public boolean isToolNameTaken(UserId owner, String toolNameKey, ProjectId except) {
        return stored.isToolNameTaken(owner, toolNameKey, except);
    }
}
