package org.astronrpa.openapi.adapters.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short text announced to every instance on one channel as {@code <instance> <text>}: this instance's listeners
 * hear it at once, the others' when Redis delivers it; an instance ignores its own message coming back.
 */
final class RedisBroadcast {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBroadcast.class);
    private final StatefulRedisConnection<String, String> connection;
    private final String channel;
    private final String self;
    private final Failures failures;
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    RedisBroadcast(StatefulRedisConnection<String, String> connection, String channel, String self, Failures failures) {
        this.connection = connection;
        this.channel = channel;
        this.self = self;
        this.failures = failures;
    }

    void announce(String text) {
        tell(text);
        failures.quietly("announcing on " + channel, () -> connection.async().publish(channel, self + " " + text));
    }

    void listen(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** A message from the channel. */
    void received(String message) {
        int space = message.indexOf(' ');
        if (space > 0 && !message.substring(0, space).equals(self)) {
            tell(message.substring(space + 1));
        }
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
