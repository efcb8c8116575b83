package org.astronrpa.openapi.domain.apikey;

import java.util.function.Consumer;

/**
 * Spreads key revocations to every instance, so that each drops the key from its lookup cache at once. A single
 * instance hears only itself. Implementations never throw, not even when a listener does (the other listeners
 * still hear it); while the feed is down, caches expire on their own.
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
                for (Consumer<String> listener : listeners) {
                    try {
                        listener.accept(keyId);
                    } catch (RuntimeException e) {
                        // the key is revoked already: one broken listener must neither fail the revocation nor
                        // keep the key in the other listeners' caches
                        System.getLogger(KeyRevocationFeed.class.getName()).log(System.Logger.Level.WARNING,
                                "a key revocation listener failed", e);
                    }
                }
            }

            @Override
            public void listen(Consumer<String> listener) {
                listeners.add(listener);
            }
        };
    }
}
