package org.astronrpa.openapi.adapters.redis;

import java.util.function.Consumer;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;

/**
 * Revocations on the {@code keys-revoked} channel, by key id, and changes on it as {@code changed:<key id>} (an older
 * instance takes one for the revocation of a key that does not exist, which does nothing); this instance hears its own
 * at once.
 */
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
        broadcast.listen(text -> {
            if (!text.startsWith(CHANGED_PREFIX)) {
                listener.accept(text);
            }
        });
    }

    @Override
    public void announce(ApiKeyEvent.Changed changed) {
        broadcast.announce(changed.eventId(), CHANGED_PREFIX + changed.keyId());
    }

    @Override
    public void listenChanges(Consumer<String> listener) {
        broadcast.listen(text -> {
            if (text.startsWith(CHANGED_PREFIX)) {
                listener.accept(text.substring(CHANGED_PREFIX.length()));
            }
        });
    }
}
