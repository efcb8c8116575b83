package org.astronrpa.openapi.adapters.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.RecentEventIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A short text announced to every instance on one channel, with the id of the event it tells of, as
 * {@code {"from": <instance>, "event_id", "text"}}: this instance's listeners hear it at once, the others' when Redis
 * delivers it; an instance ignores its own message coming back, and every instance drops an event id it heard
 * already (the outbox delivers at least once, possibly through another instance).
 */
final class RedisBroadcast {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBroadcast.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final StatefulRedisConnection<String, String> connection;
    private final String channel;
    private final String self;
    private final Failures failures;
    private final RecentEventIds heard;
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    RedisBroadcast(StatefulRedisConnection<String, String> connection, String channel, String self, Failures failures,
                   int rememberedEventIds) {
        this.connection = connection;
        this.channel = channel;
        this.self = self;
        this.failures = failures;
        this.heard = new RecentEventIds(rememberedEventIds);
    }

    void announce(String eventId, String text) {
        if (!heard.firstTime(eventId)) {
            return;   // heard already, here or from another instance: every instance was told then
        }
        tell(text);
        String message = JSON.writeValueAsString(JSON.createObjectNode().put("from", self).put("event_id", eventId)
                .put("text", text));
        failures.quietly("announcing on " + channel, () -> connection.async().publish(channel, message));
    }

    void listen(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** A message from the channel. */
    void received(String message) {
        String from;
        String eventId;
        String text;
        try {
            JsonNode root = JSON.readTree(message);
            from = required(root, "from");
            eventId = required(root, "event_id");
            text = required(root, "text");
        } catch (RuntimeException e) {
            LOG.warn("ignored a message on {} that could not be read: {}", channel, e.toString());
            return;
        }
        if (!from.equals(self) && heard.firstTime(eventId)) {
            tell(text);
        }
    }

    private static String required(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("no text \"" + field + "\"");
        }
        return value.asString();
    }

    /** Every listener, even after one threw: a broken one must keep neither the others nor the publication back. */
    private void tell(String text) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(text);
            } catch (RuntimeException e) {
                LOG.warn("a listener of {} failed", channel, e);
            }
        }
    }
}
