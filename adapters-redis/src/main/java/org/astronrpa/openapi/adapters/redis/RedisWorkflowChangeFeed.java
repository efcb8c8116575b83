package org.astronrpa.openapi.adapters.redis;

import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.WorkflowChangeFeed;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;

/** Workflow changes on the {@code workflows-changed} channel, by owner; this instance hears its own at once. */
final class RedisWorkflowChangeFeed implements WorkflowChangeFeed {
    private final RedisBroadcast broadcast;

    RedisWorkflowChangeFeed(RedisBroadcast broadcast) {
        this.broadcast = broadcast;
    }

    @Override
    public void announce(WorkflowEvent event) {
        broadcast.announce(event.eventId(), event.ownerId().value());
    }

    @Override
    public void listen(Consumer<UserId> listener) {
        broadcast.listen(owner -> listener.accept(new UserId(owner)));
    }
}
