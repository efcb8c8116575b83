package org.astronrpa.openapi.domain.execution;

import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Tells whoever watches (waiting callers, /ws/events watchers, metrics, other instances) what happened to
 * executions. The outbox delivers an event at least once, possibly through several instances; the bus hands each
 * event id to this instance's listeners at most once among the latest {@link #REMEMBERED_EVENT_IDS}, so a listener
 * hears each change once.
 */
public interface ExecutionEvents {

    /**
     * How many of the latest event ids a bus remembers: at the 4,000 events/s of 1,300 executions/s, a minute, twice
     * the 30 s lease after which another instance republishes what a dead relay had published and not marked.
     */
    int REMEMBERED_EVENT_IDS = 250_000;

    /** Someone interested in execution events. Listeners must return quickly and never throw. */
    interface Listener {
        /** The execution as a change left it; each event once. */
        void statusChanged(Execution execution);

        void logAppended(UserId owner, String projectId, LogLine line);
    }

    /** A registration that ends when closed. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Tells every listener, on every instance, of {@code event}'s execution unless its id was heard already. */
    void publish(ExecutionEvent event);

    void logAppended(UserId owner, String projectId, LogLine line);

    Subscription subscribe(Listener listener);
}
