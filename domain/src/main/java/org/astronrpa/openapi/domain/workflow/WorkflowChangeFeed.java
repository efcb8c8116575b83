package org.astronrpa.openapi.domain.workflow;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Spreads "this user's workflows changed" to every instance, so that each can tell that user's MCP sessions
 * their tool list changed. A single instance hears only itself. Implementations never throw, not even when a
 * listener does (the other listeners still hear it): while the feed is down, sessions elsewhere simply see the
 * change at their next {@code tools/list}.
 */
public interface WorkflowChangeFeed {

    /** Tells every instance (this one included, at once) that {@code owner}'s workflows changed. */
    void announce(UserId owner);

    /** Calls {@code listener} with the owner of each change announced on any instance. */
    void listen(Consumer<UserId> listener);

    /** One instance: the announcement goes straight to its own listeners. */
    static WorkflowChangeFeed inProcess() {
        return new WorkflowChangeFeed() {
            private final CopyOnWriteArrayList<Consumer<UserId>> listeners = new CopyOnWriteArrayList<>();

            @Override
            public void announce(UserId owner) {
                for (Consumer<UserId> listener : listeners) {
                    try {
                        listener.accept(owner);
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
