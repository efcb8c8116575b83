package org.astronrpa.openapi.domain.apikey;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.RecentEventIds;

/**
 * Spreads key revocations to every instance, so that each drops the key from its lookup cache at once. A single
 * instance hears only itself. A revocation announced again (the outbox delivers at least once, possibly through
 * another instance) is heard once: each instance drops an event id among the latest {@link #REMEMBERED_EVENT_IDS}
 * it heard. Implementations never throw, not even when a listener does (the other listeners still hear it); while
 * the feed is down, caches expire on their own.
 */
public interface KeyRevocationFeed {

    /** Far more revocations than happen in the 30 s after which a dead relay's events are published again. */
    int REMEMBERED_EVENT_IDS = 10_000;

    /** Tells every instance (this one included) that the key of {@code revoked} was revoked. */
    void announce(ApiKeyEvent.Revoked revoked);

    /** Calls {@code listener} with each revoked key id announced on any instance, once per event. */
    void listen(Consumer<String> listener);

    /** One instance: the announcement goes straight to its own listeners. */
    static KeyRevocationFeed inProcess() {
        return new KeyRevocationFeed() {
            private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
            private final RecentEventIds heard = new RecentEventIds(REMEMBERED_EVENT_IDS);

            @Override
            public void announce(ApiKeyEvent.Revoked revoked) {
                if (!heard.firstTime(revoked.eventId())) {
                    return;
                }
                for (Consumer<String> listener : listeners) {
                    try {
                        listener.accept(revoked.keyId());
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
