package org.astronrpa.openapi.adapters.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.shared.RecentEventIds;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Execution events for every instance: an event reaches this instance's listeners at once and is published on
 * {@code events}; events published by the other instances reach this instance's listeners in the order they
 * arrive. An event id heard already, from here or from Redis, is dropped: an event that another instance's relay
 * publishes again reaches nobody twice (and is not published again). While Redis is down, events stay local
 * (waiters elsewhere still end by re-reading at their deadline).
 */
final class RedisExecutionEvents implements ExecutionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RedisExecutionEvents.class);
    private final StatefulRedisConnection<String, String> connection;
    private final Keys keys;
    private final String self;
    private final ExecutionEvents local;
    private final Failures failures;
    private final RecentEventIds heard = new RecentEventIds(REMEMBERED_EVENT_IDS);

    RedisExecutionEvents(StatefulRedisConnection<String, String> connection, Keys keys, String self,
                         ExecutionEvents local, Failures failures) {
        this.connection = connection;
        this.keys = keys;
        this.self = self;
        this.local = local;
        this.failures = failures;
    }

    @Override
    public void publish(ExecutionEvent event) {
        if (!heard.firstTime(event.eventId())) {
            return;
        }
        local.publish(event);
        failures.quietly("publishing an execution event",
                () -> connection.async().publish(keys.events(), EventCodec.status(self, event)));
    }

    @Override
    public void logAppended(UserId owner, String projectId, LogLine line) {
        local.logAppended(owner, projectId, line);
        failures.quietly("publishing a log event",
                () -> connection.async().publish(keys.events(), EventCodec.log(self, owner, projectId, line)));
    }

    @Override
    public Subscription subscribe(Listener listener) {
        return local.subscribe(listener);
    }

    /** An event from the {@code events} channel. */
    void received(String message) {
        try {
            switch (EventCodec.decode(message)) {
                case EventCodec.Status status when !status.from().equals(self) && heard.firstTime(status.event().eventId())
                        -> local.publish(status.event());
                case EventCodec.Log log when !log.from().equals(self) -> local.logAppended(log.owner(), log.projectId(), log.line());
                default -> { }   // our own, or heard already: delivered
            }
        } catch (RuntimeException e) {
            LOG.warn("ignored an execution event that could not be read: {}", e.toString());
        }
    }
}
