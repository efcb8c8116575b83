package org.astronrpa.openapi.adapters.mcp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.WorkflowChangeFeed;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;

/**
 * Learns which user's tool list changed: a consumer of the recorded domain events ({@link #heard}), it announces
 * each workflow event on the feed (to every instance, which hears each event once however often it is relayed),
 * and the MCP server tells the owner's sessions ({@code notifications/tools/list_changed}).
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

    /** A recorded event: a workflow created, changed or deleted changes its owner's tool list. */
    public void heard(DomainEvent event) {
        if (event instanceof WorkflowEvent changed) {
            feed.announce(changed);
        }
    }

    void listen(Consumer<UserId> listener) {
        listeners.add(listener);
    }

    private void announce(UserId owner) {
        listeners.forEach(listener -> listener.accept(owner));
    }
}
