package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotChanges;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotIdentity;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RobotRepository} must do; subclassed once per adapter. */
public abstract class RobotRepositoryContract {
    protected static final UserId ALICE = new UserId("alice");
    protected static final UserId BOB = new UserId("bob");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");

    private RobotRepository repository;

    /** A repository with no robots in it. */
    protected abstract RobotRepository emptyRepository();

    @BeforeEach
    void setUp() {
        repository = emptyRepository();
    }

    private static Robot robot(String id, UserId owner, Instant seen) {
        return Robot.newlySeen(owner, new RobotIdentity(new RobotId(id), "Desk " + id + " 前台", "HOST-" + id,
                "rpa-robot-simulator", "1.2.3", List.of("python", "browser"),
                new RobotLabels(Map.of("os", "windows", "site", "lyon"))), seen);
    }

    @Test
    void aStoredRobotIsFoundWithEveryFieldByItsOwnerOnly() {
        Robot stored = robot("desk-1", ALICE, T0);
        repository.insert(stored);
        assertEquals(stored, repository.find(ALICE, new RobotId("desk-1")).orElseThrow());
        assertTrue(repository.find(BOB, new RobotId("desk-1")).isEmpty(), "another user's robot is not found");
        Robot bare = Robot.newlySeen(ALICE, new RobotIdentity(new RobotId("bare"), null, null, null, null, null,
                null), T0);
        repository.insert(bare);
        Robot found = repository.find(ALICE, new RobotId("bare")).orElseThrow();
        assertEquals(bare, found);
        assertNull(found.machine());
        assertNull(found.clientVersion());
    }

    @Test
    void idsCompareExactlyAndTwoOwnersMayUseTheSameId() {
        repository.insert(robot("Desk-1", ALICE, T0));
        assertTrue(repository.find(ALICE, new RobotId("desk-1")).isEmpty(), "case matters");
        repository.insert(robot("desk-1", ALICE, T0));
        repository.insert(robot("desk-1", BOB, T0));
        assertEquals(BOB, repository.find(BOB, new RobotId("desk-1")).orElseThrow().owner());
        assertThrows(ConcurrentUpdate.class, () -> repository.insert(robot("desk-1", ALICE, T0.plusSeconds(1))),
                "the same owner's id twice");
    }

    @Test
    void anUpdateNeedsThePreviousRevision() {
        Robot stored = robot("desk-1", ALICE, T0);
        repository.insert(stored);
        Robot drained = stored.apply(new RobotChanges("Front desk", RobotLabels.NONE, true));
        repository.update(drained);
        assertEquals(drained, repository.find(ALICE, stored.id()).orElseThrow());
        Robot lost = stored.apply(new RobotChanges("Lost", null, null));
        assertThrows(ConcurrentUpdate.class, () -> repository.update(lost), "made from revision 1");
        Robot seen = drained.seen(T0.plusSeconds(30));
        repository.update(seen);
        assertEquals(T0.plusSeconds(30), repository.find(ALICE, stored.id()).orElseThrow().lastSeen());
        assertEquals(T0, repository.find(ALICE, stored.id()).orElseThrow().firstSeen());
        assertThrows(ConcurrentUpdate.class, () -> repository.update(robot("nobody", ALICE, T0).seen(T0)),
                "a robot never stored");
    }

    @Test
    void aDeleteForgetsOnlyTheOwnersRobot() {
        repository.insert(robot("desk-1", ALICE, T0));
        repository.insert(robot("desk-1", BOB, T0));
        assertFalse(repository.delete(ALICE, new RobotId("desk-2")));
        assertTrue(repository.delete(ALICE, new RobotId("desk-1")));
        assertFalse(repository.delete(ALICE, new RobotId("desk-1")));
        assertTrue(repository.find(ALICE, new RobotId("desk-1")).isEmpty());
        assertTrue(repository.find(BOB, new RobotId("desk-1")).isPresent());
    }

    @Test
    void theOwnersRobotsPageNewestFirstByNumberAndByPositionWithTheirTotal() {
        for (int i = 0; i < 7; i++) {
            repository.insert(robot("r-" + i, ALICE, T0.plusSeconds(i / 2)));   // pairs seen at the same time
        }
        repository.insert(robot("r-9", BOB, T0.plusSeconds(100)));
        Page<Robot> first = repository.page(ALICE, new PageRequest(1, 3));
        assertEquals(7L, first.total());
        assertEquals(List.of("r-6", "r-5", "r-4"), first.records().stream().map(r -> r.id().value()).toList());
        assertEquals(List.of("r-3", "r-2", "r-1"), repository.page(ALICE, new PageRequest(2, 3)).records().stream()
                .map(r -> r.id().value()).toList());

        List<String> byPosition = new ArrayList<>();
        Page<Robot> page = first;
        byPosition.addAll(page.records().stream().map(r -> r.id().value()).toList());
        while (page.next() != null) {
            page = repository.page(ALICE, PageRequest.after(page.next(), 3));
            byPosition.addAll(page.records().stream().map(r -> r.id().value()).toList());
        }
        assertEquals(List.of("r-6", "r-5", "r-4", "r-3", "r-2", "r-1", "r-0"), byPosition);
        assertEquals(0L, repository.page(new UserId("carol"), PageRequest.FIRST).total());
    }
}
