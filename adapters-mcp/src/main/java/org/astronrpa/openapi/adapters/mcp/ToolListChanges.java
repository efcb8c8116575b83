package org.astronrpa.openapi.adapters.mcp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/**
 * Learns which user's tool list changed: the composition root hands every workflow save through
 * {@link #watch}, and the MCP server tells that user's sessions ({@code notifications/tools/list_changed}).
 * Built before the use cases, which save through the watched store.
 */
public final class ToolListChanges {
    private final List<Consumer<UserId>> listeners = new CopyOnWriteArrayList<>();

    /** The same store, reporting each successful insert, update and delete by its owner. */
    public WorkflowRepository watch(WorkflowRepository workflows) {
        return new AnnouncingWorkflowRepository(workflows, this::announce);
    }

    void listen(Consumer<UserId> listener) {
        listeners.add(listener);
    }

    private void announce(UserId owner) {
        listeners.forEach(listener -> listener.accept(owner));
    }
}
