package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.shared.Text;

/**
 * Narrows a workflow list: by status, by a substring of name or english_name, and to the workflows of {@code keys}
 * (project keys, {@link ProjectId#key()}: an API key's allow-list); {@code null} = any. {@code allowListOf}, when set,
 * names the API key whose stored allow-list {@code keys} is, so that a store that keeps allow-lists may use its own.
 */
public record WorkflowFilter(WorkflowStatus status, String query, java.util.Set<String> keys, String allowListOf) {
    public static final WorkflowFilter ANY = new WorkflowFilter(null, null);

    public WorkflowFilter(WorkflowStatus status, String query) {
        this(status, query, null, null);
    }

    /** This filter, narrowed to the workflows {@code ids} (null: not narrowed). */
    public WorkflowFilter within(java.util.List<ProjectId> ids) {
        return ids == null ? this : new WorkflowFilter(status, query,
                ids.stream().map(ProjectId::key).collect(java.util.stream.Collectors.toUnmodifiableSet()), null);
    }

    /**
     * This filter, narrowed to the allow-list of the API key {@code keyId} whose workflows' keys ({@link
     * ProjectId#key()}) are {@code keys} (null: not narrowed; a null {@code keyId}: the keys alone, as {@link #within}):
     * the set is taken as it is, not made again per request.
     */
    public WorkflowFilter withinAllowListKeys(String keyId, java.util.Set<String> keys) {
        return keys == null ? this : new WorkflowFilter(status, query, keys, keyId);
    }

    /** Whether {@code workflow} passes the allow-list part of this filter. */
    public boolean admits(ProjectId workflow) {
        return keys == null || keys.contains(workflow.key());
    }

    public WorkflowFilter {
        keys = keys == null ? null : java.util.Set.copyOf(keys);
        if (allowListOf != null && keys == null) {
            throw new IllegalArgumentException("an allow-list names its workflows");
        }
        if (query != null) {
            query = Text.trimmed("q", query, 0, WorkflowChanges.NAME_MAX);
            if (query.isEmpty()) {
                query = null;
            }
        }
    }
}
