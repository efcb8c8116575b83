package org.astronrpa.openapi.adapters.mcp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.WorkflowChangeFeed;
import org.astronrpa.openapi.domain.workflow.WorkflowRepository;

/**
 * Learns which user's tool list changed: the composition root hands every workflow save through
 * {@link #watch}, the change is announced on the feed (to every instance), and the MCP server tells that user's
 * sessions ({@code notifications/tools/list_changed}). Built before the use cases, which save through the
 * watched store.
 */
public final class ToolListChanges {
    private final List<Consumer<UserId>> listeners = new CopyOnWriteArrayList<>();
    private final WorkflowChangeFeed feed;

    /** Changes of this instance only. */
    public ToolListChanges() {
        this(WorkflowChangeFeed.inProcess());
    }

    /** Changes announced on {@code feed}, by any instance. */
    public ToolListChanges(WorkflowChangeFeed feed) {
        this.feed = feed;
        feed.listen(this::announce);
    }

    /** The same store, reporting each successful insert, update and delete by its owner. */
    public WorkflowRepository watch(WorkflowRepository workflows) {
        return new AnnouncingWorkflowRepository(workflows, feed::announce);
    }

    void listen(Consumer<UserId> listener) {
        listeners.add(listener);
    }

    private void announce(UserId owner) {
        listeners.forEach(listener -> listener.accept(owner));
    }
}
