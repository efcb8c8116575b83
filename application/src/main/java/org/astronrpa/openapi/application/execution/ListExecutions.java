package org.astronrpa.openapi.application.execution;

import java.util.List;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionFilter;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.shared.Cursors;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * A page of the caller's executions, newest first: by number within the first {@value #MAX_BY_NUMBER} executions
 * (a page by number reads every row before it), or after a cursor anywhere in the history. Every page says where
 * the next one starts ({@link Listed#nextCursor()}).
 */
public final class ListExecutions {
    /** The deepest a page by number reaches: further pages are read after a cursor. */
    public static final int MAX_BY_NUMBER = 2_000;
    /** The list's name in its cursors: a cursor of another list is refused. */
    static final String LIST = "executions";

    /** A page and the cursor of the next one ({@code null}: this is the last). */
    public record Listed(Page<Execution> page, String nextCursor) {
    }

    private final ExecutionRepository executions;
    private final Cursors cursors;

    public ListExecutions(ExecutionRepository executions, Cursors cursors) {
        this.executions = executions;
        this.cursors = cursors;
    }

    /**
     * @param cursor a previous page's {@link Listed#nextCursor()}, or {@code null} for the page {@code page} names;
     *               with a cursor, {@code page} gives only the size (its number must be 1)
     * @throws InvalidInput naming {@code cursor} for a cursor this service did not give this caller, or that expired;
     *         naming {@code pageNo} for a page by number deeper than {@value #MAX_BY_NUMBER} executions
     */
    /**
     * As {@link #list(UserId, ExecutionFilter, PageRequest, String)}, for a key limited to some workflows one of them at
     * a time: {@code project_id} is required (implied when the key has one workflow), since no index serves a list of
     * many; a workflow outside the allow-list lists nothing, as a workflow that does not exist.
     */
    public Listed list(Caller caller, ExecutionFilter filter, PageRequest page, String cursor) {
        var allowed = caller.grant().workflowIds();
        if (allowed == null) {
            return list(caller.userId(), filter, page, cursor);
        }
        ExecutionFilter narrowed = filter;
        if (filter.projectId() == null) {
            if (allowed.size() != 1) {
                throw InvalidInput.of("project_id", "is required with an API key limited to several workflows: list"
                        + " the executions of one of them at a time");
            }
            narrowed = filter.forWorkflow(allowed.getFirst());
        }
        if (!caller.grant().sees(narrowed.projectId())) {
            return new Listed(Page.ofWindow(0L, page, List.of(), e -> null), null);
        }
        return list(caller.userId(), narrowed, page, cursor);
    }

    Listed list(UserId caller, ExecutionFilter filter, PageRequest page, String cursor) {
        if (cursor == null && page.offset() + page.pageSize() > MAX_BY_NUMBER) {
            throw InvalidInput.of("pageNo", "pages by number reach the first " + MAX_BY_NUMBER + " executions (pageNo"
                    + " × pageSize); page further with cursor, the next_cursor of the page before, or narrow the"
                    + " list with started_before");
        }
        Page<Execution> found = executions.page(caller, filter, cursors.pageOf(caller, LIST, page, cursor));
        return new Listed(found, cursors.nextOf(caller, LIST, found));
    }
}
