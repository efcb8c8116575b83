package org.astronrpa.openapi.application.events;

import java.util.concurrent.CopyOnWriteArrayList;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.shared.RecentEventIds;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Execution events within one instance: every listener of this process hears every event, once. */
public final class InProcessExecutionEvents implements ExecutionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessExecutionEvents.class);
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final RecentEventIds heard = new RecentEventIds(REMEMBERED_EVENT_IDS);

    @Override
    public void publish(ExecutionEvent event) {
        if (!heard.firstTime(event.eventId())) {
            return;
        }
        for (Listener listener : listeners) {
            try {
                listener.statusChanged(event.execution());
            } catch (RuntimeException e) {
                LOG.warn("an execution listener failed", e);
            }
        }
    }

    @Override
    public void logAppended(UserId owner, String projectId, LogLine line) {
        for (Listener listener : listeners) {
            try {
                listener.logAppended(owner, projectId, line);
            } catch (RuntimeException e) {
                LOG.warn("an execution listener failed", e);
            }
        }
    }

    /** How many listeners are subscribed now. */
    public int listeners() {
        return listeners.size();
    }

    @Override
    public Subscription subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
