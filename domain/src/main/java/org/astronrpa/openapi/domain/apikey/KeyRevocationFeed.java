package org.astronrpa.openapi.domain.apikey;

import java.util.function.Consumer;

/**
 * Spreads key revocations to every instance, so that each drops the key from its lookup cache at once. A single
 * instance hears only itself. Implementations never throw; while the feed is down, caches expire on their own.
 */
public interface KeyRevocationFeed {

    /** Tells every instance (this one included) that {@code keyId} was revoked. */
    void announce(String keyId);

    /** Calls {@code listener} with each revoked key id announced on any instance. */
    void listen(Consumer<String> listener);

    /** One instance: the announcement goes straight to its own listeners. */
    static KeyRevocationFeed inProcess() {
        return new KeyRevocationFeed() {
            private final java.util.concurrent.CopyOnWriteArrayList<Consumer<String>> listeners =
                    new java.util.concurrent.CopyOnWriteArrayList<>();

            @Override
            public void announce(String keyId) {
                listeners.forEach(listener -> listener.accept(keyId));
            }

            @Override
            public void listen(Consumer<String> listener) {
                listeners.add(listener);
            }
        };
    }
}
