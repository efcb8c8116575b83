package org.astronrpa.openapi.adapters.mcp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;

/**
 * Which project each of a user's tool names runs, as last listed: a hint that saves a full listing per call.
 * Never trusted alone: a call reads the workflow again (owned by the caller, active, still this tool name).
 */
final class ToolDirectory {
    /** Users remembered at most; beyond, the directory starts afresh (a miss costs one listing). */
    static final int MAX_USERS = 10_000;

    private final Map<UserId, Map<String, ProjectId>> byUser = new ConcurrentHashMap<>();

    void remember(UserId user, List<Workflow> active) {
        if (byUser.size() >= MAX_USERS && !byUser.containsKey(user)) {
            byUser.clear();
        }
        byUser.put(user, active.stream().collect(Collectors.toUnmodifiableMap(w -> w.toolName().value(),
                Workflow::projectId, (first, second) -> first)));
    }

    Optional<ProjectId> lookup(UserId user, String toolName) {
        return Optional.ofNullable(byUser.getOrDefault(user, Map.of()).get(toolName));
    }

    void forget(UserId user) {
        byUser.remove(user);
    }
}
