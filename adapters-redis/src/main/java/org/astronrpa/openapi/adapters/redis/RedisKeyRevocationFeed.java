package org.astronrpa.openapi.adapters.redis;

import java.util.function.Consumer;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;

/** Revocations on the {@code keys-revoked} channel; this instance hears its own at once. */
final class RedisKeyRevocationFeed implements KeyRevocationFeed {
    private final RedisBroadcast broadcast;

    RedisKeyRevocationFeed(RedisBroadcast broadcast) {
        this.broadcast = broadcast;
    }

    @Override
    public void announce(String keyId) {
        broadcast.announce(keyId);
    }

    @Override
    public void listen(Consumer<String> listener) {
        broadcast.listen(listener);
    }
}
