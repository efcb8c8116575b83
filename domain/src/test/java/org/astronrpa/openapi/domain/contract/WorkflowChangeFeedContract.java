package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.WorkflowChangeFeed;
import org.astronrpa.openapi.domain.workflow.WorkflowEvent;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WorkflowChangeFeed} must do: a change of a user's workflows reaches the listeners of every
 * instance once, those of the announcing instance before {@code announce} returns (its MCP sessions learn at once),
 * however often and wherever the same event is announced again; a listener that throws stops neither the other
 * listeners nor the announcement. Subclassed once per implementation.
 */
public abstract class WorkflowChangeFeedContract {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private final AtomicInteger eventIds = new AtomicInteger();

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

        a.announce(changeOf(ALICE));
        assertEquals(List.of(ALICE), atA, "at once, before announce returned");
        assertEquals(List.of(ALICE), alsoAtA);
        Await.until(() -> atB.contains(ALICE), "b heard of alice's change");
        b.announce(changeOf(BOB));   // reaches a after a's own announcement came back (if it does): a duplicate would show
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

        a.announce(changeOf(ALICE));   // must not throw: the change is saved already, the caller must not see a failure
        assertEquals(List.of(ALICE), atA);
        Await.until(() -> atB.contains(ALICE), "b heard of alice's change");
        b.announce(changeOf(BOB));
        Await.until(() -> atA.contains(BOB), "a heard of bob's change");
    }

    @Test
    void aChangeAnnouncedAgainHereAndByAnotherInstanceIsHeardOnceOnEveryInstance() {
        WorkflowChangeFeed first = instance("a");
        WorkflowChangeFeed second = instance("b");
        List<List<UserId>> heard = List.of(listener(first), listener(second), listener(instance("c")));
        WorkflowEvent change = changeOf("ev-alice", ALICE);

        first.announce(change);
        Await.until(() -> heard.get(2).contains(ALICE), "the third instance heard of the change");
        first.announce(change);    // its relay published it again: it could not mark it published
        second.announce(change);   // another relay published it again: the first died before marking it
        // one more change from each: once they arrived, so did the repeats announced before them
        first.announce(changeOf(BOB));
        second.announce(changeOf(BOB));

        for (List<UserId> atInstance : heard) {
            Await.until(() -> atInstance.size() >= 3, "the last changes arrived");
            assertEquals(List.of(ALICE, BOB, BOB), atInstance);
        }
    }

    @Test
    void twoChangesOfTheSameOwnerAreBothHeard() {
        List<UserId> atC = listener(instance("c"));

        instance("a").announce(changeOf("ev-1", ALICE));
        instance("b").announce(changeOf("ev-2", ALICE));   // the same owner, another event: both count

        Await.until(() -> atC.size() >= 2, "both changes arrived");
        assertEquals(List.of(ALICE, ALICE), atC);
    }

    /** A deletion of one of {@code owner}'s workflows, with an id of this test's own. */
    private WorkflowEvent changeOf(UserId owner) {
        return changeOf("ev-" + eventIds.incrementAndGet(), owner);
    }

    private static WorkflowEvent changeOf(String eventId, UserId owner) {
        return new WorkflowEvent.Deleted(eventId, new ProjectId("p-1"), owner, 2, Instant.parse("2026-11-27T08:00:00Z"));
    }

    private static List<UserId> listener(WorkflowChangeFeed feed) {
        List<UserId> heard = new CopyOnWriteArrayList<>();
        feed.listen(heard::add);
        return heard;
    }
}
