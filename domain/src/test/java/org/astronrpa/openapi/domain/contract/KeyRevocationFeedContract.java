package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyRevocationFeed} must do: a revocation reaches the listeners of every instance once, those of
 * the announcing instance before {@code announce} returns (its own cache must not serve the key a moment longer),
 * however often and wherever the same event is announced again; a listener that throws stops neither the other
 * listeners nor the announcement. Subclassed once per implementation.
 */
public abstract class KeyRevocationFeedContract {
    private static final UserId OWNER = new UserId("alice");
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    /**
     * The feed as instance {@code id} of this test's cluster sees it; another id is another instance on the same
     * feed. An implementation that serves a single instance returns that instance for every id.
     */
    protected abstract KeyRevocationFeed instance(String id);

    @Test
    void aRevocationReachesEveryInstanceOnceAndItsOwnListenersAtOnce() {
        KeyRevocationFeed a = instance("a");
        KeyRevocationFeed b = instance("b");
        List<String> atA = listener(a);
        List<String> alsoAtA = listener(a);
        List<String> atB = listener(b);

        a.announce(revocationOf("key-1"));
        assertEquals(List.of("key-1"), atA, "at once, before announce returned");
        assertEquals(List.of("key-1"), alsoAtA);
        Await.until(() -> atB.contains("key-1"), "b heard the revocation");
        b.announce(revocationOf("key-2"));   // reaches a after a's own announcement came back (if it does): a duplicate would show
        Await.until(() -> atA.contains("key-2"), "a heard b's revocation");
        for (List<String> heard : List.of(atA, alsoAtA, atB)) {
            assertEquals(List.of("key-1", "key-2"), heard);
        }
    }

    @Test
    void aChangeReachesTheChangeListenersOfEveryInstanceOnceAndNoRevocationListener() {
        KeyRevocationFeed a = instance("a");
        KeyRevocationFeed b = instance("b");
        List<String> revokedAtA = listener(a);
        List<String> revokedAtB = listener(b);
        List<String> changedAtA = new CopyOnWriteArrayList<>();
        List<String> changedAtB = new CopyOnWriteArrayList<>();
        a.listenChanges(changedAtA::add);
        b.listenChanges(changedAtB::add);

        ApiKeyEvent.Changed change = new ApiKeyEvent.Changed("change-1", "key-9", OWNER, 2, T0);
        a.announce(change);
        assertEquals(List.of("key-9"), changedAtA, "at once, before announce returned");
        Await.until(() -> changedAtB.contains("key-9"), "b heard the change");
        b.announce(change);   // the relay may publish it again: heard once
        b.announce(revocationOf("key-9"));
        Await.until(() -> revokedAtA.contains("key-9"), "a heard the later revocation");
        assertEquals(List.of("key-9"), changedAtA);
        assertEquals(List.of("key-9"), changedAtB);
        assertEquals(List.of("key-9"), revokedAtA, "a change is no revocation");
        assertEquals(List.of("key-9"), revokedAtB);
    }

    @Test
    void aListenerThatThrowsStopsNeitherTheOthersNorTheAnnouncement() {
        KeyRevocationFeed a = instance("a");
        KeyRevocationFeed b = instance("b");
        a.listen(key -> {
            throw new IllegalStateException("a broken listener");
        });
        b.listen(key -> {
            throw new IllegalStateException("a broken listener");
        });
        List<String> atA = listener(a);
        List<String> atB = listener(b);

        a.announce(revocationOf("key-1"));   // must not throw: the key is revoked already, the caller must not see a failure
        assertEquals(List.of("key-1"), atA);
        Await.until(() -> atB.contains("key-1"), "b heard the revocation");
        b.announce(revocationOf("key-2"));
        Await.until(() -> atA.contains("key-2"), "a heard b's revocation");
    }

    @Test
    void aRevocationAnnouncedAgainHereAndByAnotherInstanceIsHeardOnceOnEveryInstance() {
        KeyRevocationFeed first = instance("a");
        KeyRevocationFeed second = instance("b");
        List<List<String>> heard = List.of(listener(first), listener(second), listener(instance("c")));
        ApiKeyEvent.Revoked revoked = revocationOf("key-1");

        first.announce(revoked);
        Await.until(() -> heard.get(2).contains("key-1"), "the third instance heard the revocation");
        first.announce(revoked);    // its relay published it again: it could not mark it published
        second.announce(revoked);   // another relay published it again: the first died before marking it
        // one more revocation from each: once they arrived, so did the repeats announced before them
        first.announce(revocationOf("key-2"));
        second.announce(revocationOf("key-3"));

        for (List<String> atInstance : heard) {
            Await.until(() -> atInstance.containsAll(List.of("key-2", "key-3")), "the last revocations arrived");
            assertEquals(1, atInstance.stream().filter("key-1"::equals).count(), "heard once: " + atInstance);
            assertEquals(3, atInstance.size(), "nothing else: " + atInstance);
        }
    }

    @Test
    void twoRevocationEventsOfOneKeyAreBothHeard() {
        List<String> atC = listener(instance("c"));

        instance("a").announce(new ApiKeyEvent.Revoked("ev-1", "key-1", OWNER, T0));
        instance("b").announce(new ApiKeyEvent.Revoked("ev-2", "key-1", OWNER, T0));   // another event: it counts

        Await.until(() -> atC.size() >= 2, "both revocations arrived");
        assertEquals(List.of("key-1", "key-1"), atC);
    }

    /** The revocation of {@code keyId}; its event id follows from the key (a key is revoked once). */
    private static ApiKeyEvent.Revoked revocationOf(String keyId) {
        return new ApiKeyEvent.Revoked("ev-revoked-" + keyId, keyId, OWNER, T0);
    }

    private static List<String> listener(KeyRevocationFeed feed) {
        List<String> heard = new CopyOnWriteArrayList<>();
        feed.listen(heard::add);
        return heard;
    }
}
