package org.astronrpa.openapi.application.robot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.application.events.PublishingDomainEvents;
import org.astronrpa.openapi.application.memory.InMemoryExecutionRepository;
import org.astronrpa.openapi.application.memory.InMemoryRobotRepository;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.execution.RunOrder;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotIdentity;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Transactions;
import org.astronrpa.openapi.domain.shared.Unavailable;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

/** A managed robot's record as its connections come and go. */
class ConnectRobotTest {
    private static final UserId ALICE = new UserId("alice");
    private final TestClock clock = new TestClock();
    private final AtomicInteger ids = new AtomicInteger();
    private final InMemoryExecutionRepository executions = new InMemoryExecutionRepository();
    private final ExecutionChanges changes = new ExecutionChanges(executions, Transactions.NONE,
            new PublishingDomainEvents(new InProcessExecutionEvents()), () -> "e-" + ids.incrementAndGet(), clock);
    private final RobotRegistry registry = new RobotRegistry();
    private final Dispatcher dispatcher = new Dispatcher(executions, changes, registry, () -> "ev-" + ids.incrementAndGet(),
            clock);
    private final AtomicInteger dismissed = new AtomicInteger();
    private final List<org.astronrpa.openapi.domain.robot.RobotEvent> recorded = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final RobotEvents events = new RobotEvents(Transactions.NONE, batch -> batch.forEach(event ->
            recorded.add((org.astronrpa.openapi.domain.robot.RobotEvent) event)), () -> "r-" + ids.incrementAndGet(),
            clock, "single");

    private RobotRegistry.Robot connection(String id) {
        return new RobotRegistry.Robot(id, ALICE, clock.now(), "127.0.0.1", new RobotChannel() {
            @Override
            public boolean sendRun(RunOrder order) {
                return true;
            }

            @Override
            public void sendStop(String eventId, ExecutionId executionId, String projectId, boolean wholeDesktop) {
            }

            @Override
            public void dismiss(Dismissal reason) {
                dismissed.incrementAndGet();
            }
        });
    }

    private static RobotIdentity identity(String version, String os) {
        return new RobotIdentity(new RobotId("desk-1"), null, "PC-01", "sim", version, List.of(),
                RobotLabels.of("labels", java.util.Map.of("os", os)));
    }

    @Test
    void theFirstConnectionRecordsTheRobotAndLaterOnesRefreshWhatItReportsButNotItsLabels() {
        InMemoryRobotRepository records = new InMemoryRobotRepository();
        ConnectRobot connect = new ConnectRobot(registry, dispatcher, executions, RobotPresence.SINGLE_INSTANCE, records,
                events, new RecordWrites(2));
        connect.connect(connection("c-1"), Optional.of(identity("1.0", "windows")));
        Robot first = records.find(ALICE, new RobotId("desk-1")).orElseThrow();
        assertEquals("1.0", first.clientVersion());

        clock.advance(Duration.ofMinutes(5));
        connect.connect(connection("c-2"), Optional.of(identity("1.1", "linux")));
        Robot again = records.find(ALICE, new RobotId("desk-1")).orElseThrow();
        assertEquals("1.1", again.clientVersion());
        assertEquals("windows", again.labels().values().get("os"));
        assertEquals(first.firstSeen(), again.firstSeen());
        assertEquals(clock.now(), again.lastSeen());
        assertEquals(1, dismissed.get(), "the first connection was replaced");
        assertEquals("c-2", registry.connectionOf(ALICE, new RobotId("desk-1")).orElseThrow().connectionId());

        // its close is noted as when it was last seen (off the closing thread)
        clock.advance(Duration.ofMinutes(5));
        new DisconnectRobot(registry, records, events, new RecordWrites(2)).disconnect("c-2");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((recorded.size() < 3 || !records.find(ALICE, new RobotId("desk-1")).orElseThrow().lastSeen()
                .equals(clock.now())) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(clock.now(), records.find(ALICE, new RobotId("desk-1")).orElseThrow().lastSeen());
        assertEquals(List.of("Online", "Online", "Offline"), recorded.stream().map(e -> e.getClass().getSimpleName())
                .toList(), "each change of the record with its event");
        assertEquals(records.find(ALICE, new RobotId("desk-1")).orElseThrow(), recorded.get(2).robot());
    }

    @Test
    void aRecordChangedMeanwhileIsReadAgainAndARecordThatCannotBeStoredKeepsTheRobotOut() {
        AtomicInteger races = new AtomicInteger(2);
        InMemoryRobotRepository stored = new InMemoryRobotRepository();
        RobotRepository racing = new Delegating(stored) {
            @Override
            public void insert(Robot robot) {
                if (races.getAndDecrement() > 0) {
                    throw new ConcurrentUpdate("robot " + robot.id());
                }
                super.insert(robot);
            }
        };
        new ConnectRobot(registry, dispatcher, executions, RobotPresence.SINGLE_INSTANCE, racing, events, new RecordWrites(2))
                .connect(connection("c-1"), Optional.of(identity("1.0", "windows")));
        assertTrue(racing.find(ALICE, new RobotId("desk-1")).isPresent());

        RobotRepository away = new Delegating(new InMemoryRobotRepository()) {
            @Override
            public Optional<Robot> find(UserId owner, RobotId id) {
                throw new Unavailable("database", Duration.ofSeconds(1), new RuntimeException("down"));
            }
        };
        RobotRegistry elsewhere = new RobotRegistry();
        ConnectRobot failing = new ConnectRobot(elsewhere, dispatcher, executions, RobotPresence.SINGLE_INSTANCE, away,
                events, new RecordWrites(2));
        assertThrows(Unavailable.class, () -> failing.connect(connection("c-9"), Optional.of(identity("1", "x"))));
        assertEquals(0, elsewhere.size(), "a robot whose record is not stored is not registered");
    }

    /** A store that does what another does, for overriding one method. */
    private static class Delegating implements RobotRepository {
        private final RobotRepository inner;

        Delegating(RobotRepository inner) {
            this.inner = inner;
        }

        @Override
        public Optional<Robot> find(UserId owner, RobotId id) {
            return inner.find(owner, id);
        }

        @Override
        public void insert(Robot robot) {
            inner.insert(robot);
        }

        @Override
        public void update(Robot robot) {
            inner.update(robot);
        }

        @Override
        public boolean delete(UserId owner, RobotId id) {
            return inner.delete(owner, id);
        }

        @Override
        public Page<Robot> page(UserId owner, PageRequest page) {
            return inner.page(owner, page);
        }
    }
}
