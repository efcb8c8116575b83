package org.astronrpa.openapi.domain.execution;

import org.astronrpa.openapi.domain.shared.UserId;

/** Tells whoever watches (waiting callers, /ws/events watchers, other instances) what happened to executions. */
public interface ExecutionEvents {

    /** Someone interested in execution events. Listeners must return quickly and never throw. */
    interface Listener {
        void statusChanged(Execution execution);

        void logAppended(UserId owner, String projectId, LogLine line);
    }

    /** A registration that ends when closed. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    void statusChanged(Execution execution);

    void logAppended(UserId owner, String projectId, LogLine line);

    Subscription subscribe(Listener listener);
}
