package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.shared.Text;

/**
 * Narrows a workflow list: by status, by a substring of name or english_name, and to the workflows of {@code keys}
 * (project keys, {@link ProjectId#key()}: an API key's allow-list); {@code null} = any.
 */
public record WorkflowFilter(WorkflowStatus status, String query, java.util.Set<String> keys) {
    public static final WorkflowFilter ANY = new WorkflowFilter(null, null);

    public WorkflowFilter(WorkflowStatus status, String query) {
        this(status, query, null);
    }

    /** This filter, narrowed to the workflows {@code ids} (null: not narrowed). */
    public WorkflowFilter within(java.util.List<ProjectId> ids) {
        return ids == null ? this : new WorkflowFilter(status, query,
                ids.stream().map(ProjectId::key).collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }

    /** Whether {@code workflow} passes the allow-list part of this filter. */
    public boolean admits(ProjectId workflow) {
        return keys == null || keys.contains(workflow.key());
    }

    public WorkflowFilter {
        keys = keys == null ? null : java.util.Set.copyOf(keys);
        if (query != null) {
            query = Text.trimmed("q", query, 0, WorkflowChanges.NAME_MAX);
            if (query.isEmpty()) {
                query = null;
            }
        }
    }
}
