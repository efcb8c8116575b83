package org.astronrpa.openapi.domain.apikey;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.shared.RecentEventIds;

/**
 * Spreads key revocations and changes to every instance, so that each drops the key from its lookup cache at once
 * (a changed key is read again, with its new grant). A single instance hears only itself. A revocation announced again (the outbox delivers at least once, possibly through
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

    /** Tells every instance (this one included) that the key of {@code changed} was changed by its owner. */
    void announce(ApiKeyEvent.Changed changed);

    /** Calls {@code listener} with each changed key id announced on any instance, once per event. */
    void listenChanges(Consumer<String> listener);

    /** How a change travels where only a key id did: ids never start with this. */
    String CHANGED_PREFIX = "changed:";

    /** One instance: the announcement goes straight to its own listeners. */
    static KeyRevocationFeed inProcess() {
        return new KeyRevocationFeed() {
            private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
            private final CopyOnWriteArrayList<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();
            private final RecentEventIds heard = new RecentEventIds(REMEMBERED_EVENT_IDS);

            @Override
            public void announce(ApiKeyEvent.Revoked revoked) {
                tell(revoked.eventId(), revoked.keyId(), listeners);
            }

            @Override
            public void announce(ApiKeyEvent.Changed changed) {
                tell(changed.eventId(), changed.keyId(), changeListeners);
            }

            @Override
            public void listenChanges(Consumer<String> listener) {
                changeListeners.add(listener);
            }

            private void tell(String eventId, String keyId, java.util.List<Consumer<String>> to) {
                if (!heard.firstTime(eventId)) {
                    return;
                }
                for (Consumer<String> listener : to) {
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
