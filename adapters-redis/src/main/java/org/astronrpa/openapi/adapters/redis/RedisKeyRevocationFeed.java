package org.astronrpa.openapi.adapters.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;

/** Revocations on the {@code keys-revoked} channel as {@code <instance> <key id>}; this instance hears its own at once. */
final class RedisKeyRevocationFeed implements KeyRevocationFeed {
    private final StatefulRedisConnection<String, String> connection;
    private final Keys keys;
    private final String self;
    private final Failures failures;
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    RedisKeyRevocationFeed(StatefulRedisConnection<String, String> connection, Keys keys, String self, Failures failures) {
        this.connection = connection;
        this.keys = keys;
        this.self = self;
        this.failures = failures;
    }

    @Override
    public void announce(String keyId) {
        listeners.forEach(listener -> listener.accept(keyId));
        failures.quietly("announcing a key revocation",
                () -> connection.async().publish(keys.revokedKeys(), self + " " + keyId));
    }

    @Override
    public void listen(Consumer<String> listener) {
        listeners.add(listener);
    }

    void received(String message) {
        int space = message.indexOf(' ');
        if (space > 0 && !message.substring(0, space).equals(self)) {
            String keyId = message.substring(space + 1);
            listeners.forEach(listener -> listener.accept(keyId));
        }
    }
}
