package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.WorkflowChangeFeed;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkflowChangeFeed} must do: a change of a user's workflows reaches the listeners of every
 * instance once, those of the announcing instance before {@code announce} returns (its MCP sessions learn at once);
 * a listener that throws stops neither the other listeners nor the announcement. Subclassed once per implementation.
 */
public abstract class WorkflowChangeFeedContract {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");

    /**
     * The feed as instance {@code id} of this test's cluster sees it; another id is another instance on the same
     * feed. An implementation that serves a single instance returns that instance for every id.
     */
    protected abstract WorkflowChangeFeed instance(String id);

    @Test
    void aChangeReachesEveryInstanceOnceAndItsOwnListenersAtOnce() {
        WorkflowChangeFeed a = instance("a");
        WorkflowChangeFeed b = instance("b");
        List<UserId> atA = listener(a);
        List<UserId> alsoAtA = listener(a);
        List<UserId> atB = listener(b);

        a.announce(ALICE);
        assertEquals(List.of(ALICE), atA, "at once, before announce returned");
        assertEquals(List.of(ALICE), alsoAtA);
        Await.until(() -> atB.contains(ALICE), "b heard of alice's change");
        b.announce(BOB);   // reaches a after a's own announcement came back (if it does): a duplicate would show
        Await.until(() -> atA.contains(BOB), "a heard of bob's change");
        for (List<UserId> heard : List.of(atA, alsoAtA, atB)) {
            assertEquals(List.of(ALICE, BOB), heard);
        }
    }

    @Test
    void aListenerThatThrowsStopsNeitherTheOthersNorTheAnnouncement() {
        WorkflowChangeFeed a = instance("a");
        WorkflowChangeFeed b = instance("b");
        a.listen(owner -> {
            throw new IllegalStateException("a broken listener");
        });
        b.listen(owner -> {
            throw new IllegalStateException("a broken listener");
        });
        List<UserId> atA = listener(a);
        List<UserId> atB = listener(b);

        a.announce(ALICE);   // must not throw: the change is saved already, the caller must not see a failure
        assertEquals(List.of(ALICE), atA);
        Await.until(() -> atB.contains(ALICE), "b heard of alice's change");
        b.announce(BOB);
        Await.until(() -> atA.contains(BOB), "a heard of bob's change");
    }

    private static List<UserId> listener(WorkflowChangeFeed feed) {
        List<UserId> heard = new CopyOnWriteArrayList<>();
        feed.listen(heard::add);
        return heard;
    }
}
