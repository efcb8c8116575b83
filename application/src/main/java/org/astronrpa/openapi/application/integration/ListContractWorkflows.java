package org.astronrpa.openapi.application.integration;

import java.util.ArrayList;
import java.util.List;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.integration.Profile;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;

/**
 * {@code astron_workflow_list}: the caller's active workflows (within its key's), newest first as our own list orders
 * them, from {@code offset}, at most {@code limit}, each with its profile; {@code nextOffset} when more follow.
 */
public final class ListContractWorkflows {
    public static final int MAX_LIMIT = 100;

    /** One listed workflow and its profile. */
    public record Summary(Workflow workflow, Profile profile) {
    }

    /** A page: {@code nextOffset} is null on the last. */
    public record Listed(List<Summary> workflows, Integer nextOffset) {
    }

    private final WorkflowRepository workflows;
    private final ContractProfiles profiles;

    public ListContractWorkflows(WorkflowRepository workflows, ContractProfiles profiles) {
        this.workflows = workflows;
        this.profiles = profiles;
    }

    public Listed list(Caller caller, int offset, int limit) {
        if (offset < 0) {
            throw InvalidInput.of("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInput.of("limit", "must be between 1 and " + MAX_LIMIT);
        }
        WorkflowFilter active = new WorkflowFilter(WorkflowStatus.ACTIVE, null)
                .withinAllowListKeys(caller.apiKeyId(), caller.grant().workflowKeys());
        // the pages of our list that hold offset .. offset + limit (one more tells whether more follow)
        List<Workflow> window = new ArrayList<>(limit + 1);
        int size = PageRequest.MAX_PAGE_SIZE;
        for (int pageNo = offset / size + 1; window.size() < limit + 1; pageNo++) {
            Page<Workflow> page = workflows.page(caller.userId(), active, new PageRequest(pageNo, size));
            int from = pageNo == offset / size + 1 ? offset % size : 0;
            List<Workflow> items = page.records();
            for (int i = from; i < items.size() && window.size() < limit + 1; i++) {
                window.add(items.get(i));
            }
            if (items.size() < size) {
                break;
            }
        }
        List<Summary> listed = window.stream().limit(limit)
                .map(workflow -> new Summary(workflow, profiles.profile(workflow))).toList();
        return new Listed(listed, window.size() > limit ? offset + limit : null);
    }
}
