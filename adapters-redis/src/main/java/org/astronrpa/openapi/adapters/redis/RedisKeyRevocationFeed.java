package org.astronrpa.openapi.adapters.redis;

import java.util.function.Consumer;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;

/** Revocations on the {@code keys-revoked} channel, by key id; this instance hears its own at once. */
final class RedisKeyRevocationFeed implements KeyRevocationFeed {
    private final RedisBroadcast broadcast;

    RedisKeyRevocationFeed(RedisBroadcast broadcast) {
        this.broadcast = broadcast;
    }

    @Override
    public void announce(ApiKeyEvent.Revoked revoked) {
        broadcast.announce(revoked.eventId(), revoked.keyId());
    }

    @Override
    public void listen(Consumer<String> listener) {
        broadcast.listen(listener);
    }
}
