package org.astronrpa.openapi.domain.workflow;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.RecentEventIds;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Spreads "this user's workflows changed" to every instance, so that each can tell that user's MCP sessions
 * their tool list changed. A single instance hears only itself. An event announced again (the outbox delivers at
 * least once, possibly through another instance) is heard once: each instance drops an event id among the latest
 * {@link #REMEMBERED_EVENT_IDS} it heard. Implementations never throw, not even when a listener does (the other
 * listeners still hear it): while the feed is down, sessions elsewhere simply see the change at their next
 * {@code tools/list}.
 */
public interface WorkflowChangeFeed {

    /** Far more workflow changes than happen in the 30 s after which a dead relay's events are published again. */
    int REMEMBERED_EVENT_IDS = 10_000;

    /** Tells every instance (this one included, at once) that {@code event}'s owner's workflows changed. */
    void announce(WorkflowEvent event);

    /** Calls {@code listener} with the owner of each change announced on any instance, once per event. */
    void listen(Consumer<UserId> listener);

    /** One instance: the announcement goes straight to its own listeners. */
    static WorkflowChangeFeed inProcess() {
        return new WorkflowChangeFeed() {
            private final CopyOnWriteArrayList<Consumer<UserId>> listeners = new CopyOnWriteArrayList<>();
            private final RecentEventIds heard = new RecentEventIds(REMEMBERED_EVENT_IDS);

            @Override
            public void announce(WorkflowEvent event) {
                if (!heard.firstTime(event.eventId())) {
                    return;
                }
                for (Consumer<UserId> listener : listeners) {
                    try {
                        listener.accept(event.ownerId());
                    } catch (RuntimeException e) {
                        // the change is saved already: one broken listener must neither fail the save nor keep
                        // the other listeners from hearing of it
                        System.getLogger(WorkflowChangeFeed.class.getName()).log(System.Logger.Level.WARNING,
                                "a workflow change listener failed", e);
                    }
                }
            }

            @Override
            public void listen(Consumer<UserId> listener) {
                listeners.add(listener);
            }
        };
    }
}
