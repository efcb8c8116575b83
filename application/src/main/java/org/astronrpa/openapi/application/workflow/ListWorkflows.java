package org.astronrpa.openapi.application.workflow;

import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.shared.Cursors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/** A page of the caller's workflows, newest first, by number or after a cursor; each page says where the next starts. */
public final class ListWorkflows {
    /** The list's name in its cursors: a cursor of another list is refused. */
    static final String LIST = "workflows";

    /** A page and the cursor of the next one ({@code null}: this is the last). */
    public record Listed(Page<Workflow> page, String nextCursor) {
    }

    private final WorkflowRepository workflows;
    private final Cursors cursors;

    public ListWorkflows(WorkflowRepository workflows, Cursors cursors) {
        this.workflows = workflows;
        this.cursors = cursors;
    }

    /**
     * @param cursor a previous page's {@link Listed#nextCursor()}, or {@code null} for the page {@code page} names;
     *               with a cursor, {@code page} gives only the size (its number must be 1)
     * @throws InvalidInput naming {@code cursor} for a cursor this service did not give this caller for this list, or
     *         that expired
     */
    /** As {@link #list(UserId, WorkflowFilter, PageRequest, String)}, within the caller's key's allow-list. */
    public Listed list(Caller caller, WorkflowFilter filter, PageRequest page, String cursor) {
        return list(caller.userId(), filter.withinAllowListKeys(caller.apiKeyId(), caller.grant().workflowKeys()), page,
                cursor);
    }

    Listed list(UserId caller, WorkflowFilter filter, PageRequest page, String cursor) {
        Page<Workflow> found = workflows.page(caller, filter, cursors.pageOf(caller, LIST, page, cursor));
        return new Listed(found, cursors.nextOf(caller, LIST, found));
    }
}
