package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KeyRevocationFeed} must do: a revocation reaches the listeners of every instance once, those of
 * the announcing instance before {@code announce} returns (its own cache must not serve the key a moment longer);
 * a listener that throws stops neither the other listeners nor the announcement. Subclassed once per implementation.
 */
public abstract class KeyRevocationFeedContract {

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

        a.announce("key-1");
        assertEquals(List.of("key-1"), atA, "at once, before announce returned");
        assertEquals(List.of("key-1"), alsoAtA);
        Await.until(() -> atB.contains("key-1"), "b heard the revocation");
        b.announce("key-2");   // reaches a after a's own announcement came back (if it does): a duplicate would show
        Await.until(() -> atA.contains("key-2"), "a heard b's revocation");
        for (List<String> heard : List.of(atA, alsoAtA, atB)) {
            assertEquals(List.of("key-1", "key-2"), heard);
        }
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

        a.announce("key-1");   // must not throw: the key is revoked already, the caller must not see a failure
        assertEquals(List.of("key-1"), atA);
        Await.until(() -> atB.contains("key-1"), "b heard the revocation");
        b.announce("key-2");
        Await.until(() -> atA.contains("key-2"), "a heard b's revocation");
    }

    private static List<String> listener(KeyRevocationFeed feed) {
        List<String> heard = new CopyOnWriteArrayList<>();
        feed.listen(heard::add);
        return heard;
    }
}
