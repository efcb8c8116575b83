package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.shared.Text;

/** Narrows a workflow list: by status and by a substring of name or english_name; {@code null} = any. */
public record WorkflowFilter(WorkflowStatus status, String query) {
    public static final WorkflowFilter ANY = new WorkflowFilter(null, null);

    public WorkflowFilter {
        if (query != null) {
            query = Text.trimmed("q", query, 0, WorkflowChanges.NAME_MAX);
            if (query.isEmpty()) {
                query = null;
            }
        }
    }
}
