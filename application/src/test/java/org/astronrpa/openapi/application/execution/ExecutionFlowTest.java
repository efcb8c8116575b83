package org.astronrpa.openapi.application.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.assembly.UseCaseGraph;
import org.astronrpa.openapi.application.dispatch.DeadlineSweeper;
import org.astronrpa.openapi.application.dispatch.Dispatcher;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.events.ExecutionWaiter;
import org.astronrpa.openapi.application.events.InProcessExecutionEvents;
import org.astronrpa.openapi.application.events.PublishingDomainEvents;
import org.astronrpa.openapi.application.memory.InMemoryExecutionLogStore;
import org.astronrpa.openapi.application.memory.InMemoryExecutionRepository;
import org.astronrpa.openapi.application.memory.InMemoryIdempotencyStore;
import org.astronrpa.openapi.application.memory.InMemoryPorts;
import org.astronrpa.openapi.application.memory.InMemoryWorkflowRepository;
import org.astronrpa.openapi.application.robot.AppendRobotLog;
import org.astronrpa.openapi.application.robot.ConnectRobot;
import org.astronrpa.openapi.application.robot.DisconnectRobot;
import org.astronrpa.openapi.application.robot.HandleRobotReply;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionAlreadyFinished;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionNotFound;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.ExecutionTimeout;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.execution.RunOrder;
import org.astronrpa.openapi.domain.execution.WorkflowInactive;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParameterValidator;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.astronrpa.openapi.domain.workflow.WorkflowNotFound;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.junit.jupiter.api.Test;

/** Executions from start to end over in-memory adapters and scripted robot channels. */
class ExecutionFlowTest {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    /** Refuses params containing "bad", naming params.bad. */
    private static final ParameterValidator VALIDATOR = (schema, json) -> json.contains("bad")
            ? List.of(new FieldError("params.bad", "is not allowed")) : List.of();

    private final TestClock clock = new TestClock();
    private final AtomicInteger ids = new AtomicInteger();
    private final InMemoryWorkflowRepository workflows = new InMemoryWorkflowRepository();
    private final InMemoryExecutionRepository executions = new InMemoryExecutionRepository();
    private final InMemoryExecutionLogStore logs = new InMemoryExecutionLogStore();
    private final InMemoryIdempotencyStore idempotency = new InMemoryIdempotencyStore();
    private final InProcessExecutionEvents events = new InProcessExecutionEvents();
    private final UseCaseGraph graph = graph(executions, events, settings().build());
    private final RobotRegistry robots = graph.robots();
    private final ConnectRobot connect = graph.connectRobot();
    private final DisconnectRobot disconnect = graph.disconnectRobot();
    private final HandleRobotReply reply = graph.handleRobotReply();
    private final CancelExecution cancel = graph.cancelExecution();
    private final DeadlineSweeper sweeper = graph.deadlineSweeper();
    private final ExecutionWaiter waiter = graph.waiter();
    private final GetExecution get = graph.getExecution();
    private final AppendRobotLog appendLog = graph.appendRobotLog();
    private final ReadExecutionLogs readLogs = graph.readExecutionLogs();

    /** The use cases over this test's stores, with {@code executions} and {@code bus} in place of its own. */
    private UseCaseGraph graph(ExecutionRepository executions, InProcessExecutionEvents bus,
                               UseCaseGraph.Settings settings) {
        return graph(executions, new PublishingDomainEvents(bus), bus, settings);
    }

    /** The same, with {@code recorder} recording the domain events. */
    private UseCaseGraph graph(ExecutionRepository executions, org.astronrpa.openapi.domain.shared.DomainEvents recorder,
                               InProcessExecutionEvents bus, UseCaseGraph.Settings settings) {
        return UseCaseGraph.build(InMemoryPorts.builder(clock, () -> "e-" + ids.incrementAndGet())
                .workflows(workflows).executions(executions).executionLogs(logs).idempotencyKeys(idempotency)
                .events(recorder, bus)
                .parameterChecks(ParametersSchema::new, VALIDATOR)
                .random(new java.security.SecureRandom()::nextBytes)
                .hasher(ApiKeyHasher.withPepper("execution flow test pepper"))
                .build(), settings);
    }

    /** Runs of 60 s, 30 s to find a robot. */
    private static UseCaseGraph.Settings.Builder settings() {
        return UseCaseGraph.Settings.builder().executionTimeout(new ExecutionTimeout(60))
                .dispatchTimeout(Duration.ofSeconds(30));
    }

    /** A robot channel that records what it was sent. */
    static final class FakeRobot implements RobotChannel {
        final List<RunOrder> runs = new CopyOnWriteArrayList<>();
        final List<String> stops = new CopyOnWriteArrayList<>();
        final List<String> wholeDesktopStops = new CopyOnWriteArrayList<>();
        volatile boolean open = true;
        volatile Runnable undelivered;

        @Override
        public boolean sendRun(RunOrder order, Runnable whenUndelivered) {
            this.undelivered = whenUndelivered;
            return sendRun(order);
        }

        @Override
        public boolean sendRun(RunOrder order) {
            if (open) {
                runs.add(order);
            }
            return open;
        }

        @Override
        public void sendStop(String eventId, ExecutionId executionId, String projectId, boolean wholeDesktop) {
            stops.add(executionId.value());
            if (wholeDesktop) {
                wholeDesktopStops.add(executionId.value());
            }
        }
    }

    private void workflow(String projectId, UserId owner, WorkflowStatus status) {
        workflows.insert(Workflow.create(new ProjectId(projectId), owner, new WorkflowChanges("wf " + projectId, null, null,
                null, status, new ParametersSchema("{\"type\":\"object\"}")), t -> false, clock.now()));
    }

    private Execution start(String projectId, String params) {
        return graph.startExecution().start(StartExecutionCommand.of(ALICE, projectId, params, null, null));
    }

    private FakeRobot robot(String connectionId, UserId owner) {
        return robot(graph, connectionId, owner);
    }

    private FakeRobot robot(UseCaseGraph on, String connectionId, UserId owner) {
        FakeRobot channel = new FakeRobot();
        on.connectRobot().connect(new RobotRegistry.Robot(connectionId, owner, clock.now(), "127.0.0.1", channel),
                java.util.Optional.empty());
        return channel;
    }

    /** The test's executions, with the first call of {@code method} failing as a database that went away. */
    private ExecutionRepository failingOnce(String method) {
        AtomicInteger failures = new AtomicInteger(1);
        return intercepted(called -> {
            if (called.equals(method) && failures.getAndDecrement() > 0) {
                throw new IllegalStateException("the database went away (simulated)");
            }
        });
    }

    /** The test's executions, telling {@code beforeEach} the name of each method called (it may throw instead). */
    private ExecutionRepository intercepted(java.util.function.Consumer<String> beforeEach) {
        return (ExecutionRepository) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ExecutionRepository.class}, (proxy, called, args) -> {
                    beforeEach.accept(called.getName());
                    try {
                        return called.invoke(executions, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private Execution stored(Execution e) {
        return executions.find(e.id()).orElseThrow();
    }

    @Test
    void anExecutionKeepsTheRevisionOfItsWorkflowItWasStartedFor() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        Execution first = start("p-1", "{}");
        Workflow before = workflows.find(new ProjectId("p-1")).orElseThrow();
        workflows.update(before.apply(new WorkflowChanges("renamed", null, null, null, null, null), t -> false,
                clock.now()));

        Execution second = start("p-1", "{}");

        assertEquals(1L, stored(first).workflowRevision());
        assertEquals(2L, stored(second).workflowRevision());
    }

    @Test
    void anExecutionWaitsForARobotAndRunsWhenOneConnects() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        Execution e = start("p-1", "{\"a\":1}");
        assertEquals(ExecutionStatus.PENDING, e.status());
        FakeRobot r = robot("c-1", ALICE);
        assertEquals(1, r.runs.size());
        RunOrder order = r.runs.get(0);
        assertEquals(e.id(), order.executionId());
        assertEquals("{\"a\":1}", order.paramsJson());
        assertEquals(ExecutionStatus.RUNNING, stored(e).status());
        assertEquals("c-1", stored(e).robotId());
    }

    @Test
    void aStartAnIdleRobotTakesIsOneWriteThatRecordsBothTheQueuingAndTheDispatch() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        java.util.Map<String, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
        List<org.astronrpa.openapi.domain.shared.DomainEvent> recorded = new CopyOnWriteArrayList<>();
        PublishingDomainEvents publishing = new PublishingDomainEvents(events);
        ExecutionRepository counting = intercepted(called ->
                calls.computeIfAbsent(called, name -> new AtomicInteger()).incrementAndGet());
        UseCaseGraph counted = graph(counting, list -> {
            recorded.addAll(list);
            publishing.record(list);
        }, events, settings().build());
        FakeRobot r = robot(counted, "c-1", ALICE);

        Execution e = counted.startExecution().start(StartExecutionCommand.of(ALICE, "p-1", "{}", null, null));

        assertEquals(ExecutionStatus.RUNNING, e.status());
        assertEquals(e, stored(e));
        assertEquals(List.of(e.id()), r.runs.stream().map(RunOrder::executionId).toList());
        assertEquals(1, calls.get("insert").get(), "stored once");
        assertEquals(null, calls.get("update"), "and not updated afterwards");
        assertEquals(List.of("Queued", "Dispatched"), recorded.stream().map(ev -> ev.getClass().getSimpleName()).toList());
        assertEquals(List.of(1L, 2L), recorded.stream().map(ev -> ev.sequence()).toList());
        assertEquals(List.of(ExecutionStatus.PENDING, ExecutionStatus.RUNNING), recorded.stream()
                .map(ev -> ((org.astronrpa.openapi.domain.execution.ExecutionEvent) ev).execution().status()).toList());
    }

    @Test
    void theRobotIsFreeBeforeAnyoneHearsOfTheEndOfItsRunSoTheNextStartTakesItAtOnce() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot r = robot("c-1", ALICE);
        List<Boolean> idleWhenHeard = new CopyOnWriteArrayList<>();
        events.subscribe(new org.astronrpa.openapi.domain.execution.ExecutionEvents.Listener() {
            @Override
            public void statusChanged(Execution execution) {
                if (execution.status() == ExecutionStatus.COMPLETED) {
                    idleWhenHeard.add(robots.hasIdle(ALICE));
                }
            }

            @Override
            public void logAppended(UserId owner, String projectId, org.astronrpa.openapi.domain.execution.LogLine line) {
            }
        });
        Execution first = start("p-1", "{}");
        reply.handle(ALICE, r.runs.get(0).eventId(), new RobotReply.ObjectReply("0000", "", "1"));

        assertEquals(List.of(true), idleWhenHeard);
        assertEquals(ExecutionStatus.COMPLETED, stored(first).status());
        assertEquals(ExecutionStatus.RUNNING, start("p-1", "{}").status());
    }

    @Test
    void aStartDoesNotOvertakeAnExecutionQueuedBeforeItWhenARobotIsIdle() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        Execution older = start("p-1", "{}");
        FakeRobot r = new FakeRobot();
        robots.connected(new RobotRegistry.Robot("c-1", ALICE, clock.now(), "127.0.0.1", r));   // idle, not dispatched yet

        Execution newer = start("p-1", "{}");

        assertEquals(List.of(older.id()), r.runs.stream().map(RunOrder::executionId).toList(), "the oldest goes first");
        assertEquals(ExecutionStatus.RUNNING, stored(older).status());
        assertEquals(ExecutionStatus.PENDING, newer.status());
        assertEquals(ExecutionStatus.PENDING, stored(newer).status());
    }

    @Test
    void aStartWhoseStoreFailsLeavesTheIdleRobotFreeAndSendsItNothing() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        UseCaseGraph flaky = graph(failingOnce("insert"), events, settings().build());
        FakeRobot r = robot(flaky, "c-1", ALICE);
        StartExecutionCommand command = StartExecutionCommand.of(ALICE, "p-1", "{}", null, null);

        assertThrows(IllegalStateException.class, () -> flaky.startExecution().start(command));
        assertTrue(r.runs.isEmpty());
        assertTrue(flaky.robots().hasIdle(ALICE), "the robot claimed for the start that failed is free again");

        Execution retried = flaky.startExecution().start(command);
        assertEquals(ExecutionStatus.RUNNING, stored(retried).status());
        assertEquals(List.of(retried.id()), r.runs.stream().map(RunOrder::executionId).toList());
    }

    @Test
    void aStartTakenAtOnceIsAnsweredAsStartedWhenTheLookAtTheRestOfTheQueueFails() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        AtomicInteger lookups = new AtomicInteger();
        ExecutionRepository secondLookupFails = intercepted(called -> {
            if (called.equals("oldestPending") && lookups.incrementAndGet() == 2) {
                throw new IllegalStateException("the database went away (simulated)");
            }
        });
        UseCaseGraph flaky = graph(secondLookupFails, events, settings().build());
        FakeRobot first = robot(flaky, "c-1", ALICE);
        robot(flaky, "c-2", ALICE);   // idle too: after the start, the queue is looked at again for it
        lookups.set(0);   // the connections looked at the queue too

        Execution e = flaky.startExecution().start(StartExecutionCommand.of(ALICE, "p-1", "{}", null, null));

        assertEquals(2, lookups.get());
        assertEquals(ExecutionStatus.RUNNING, e.status());
        assertEquals(e, stored(e));
        assertEquals(List.of(e.id()), first.runs.stream().map(RunOrder::executionId).toList());
    }

    @Test
    void aRepeatedIdempotentStartSendsTheIdleRobotNothingAndLeavesItFree() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot r = robot("c-1", ALICE);
        StartExecutionCommand command = StartExecutionCommand.of(ALICE, "p-1", "{}", null, null)
                .withIdempotencyKey("k-1");
        Execution first = graph.startExecution().start(command);
        assertEquals(ExecutionStatus.RUNNING, first.status());
        reply.handle(ALICE, r.runs.get(0).eventId(), new RobotReply.ObjectReply("0000", "", "1"));

        Execution again = graph.startExecution().start(command);

        assertEquals(first.id(), again.id());
        assertEquals(ExecutionStatus.COMPLETED, again.status());
        assertEquals(1, r.runs.size(), "nothing new was sent");
        assertTrue(robots.hasIdle(ALICE));
        assertEquals(ExecutionStatus.RUNNING, start("p-1", "{}").status(), "the robot takes the next start");
    }

    @Test
    void aSuccessReplyCompletesAndTheRobotTakesTheNextQueuedExecution() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot r = robot("c-1", ALICE);
        Execution first = start("p-1", "{}");
        Execution second = start("p-1", "{}");
        assertEquals(1, r.runs.size(), "one execution at a time per robot");
        assertEquals(HandleRobotReply.Result.APPLIED,
                reply.handle(ALICE, r.runs.get(0).eventId(), new RobotReply.ObjectReply("0000", "", "{\"ok\":true}")));
        assertEquals(ExecutionStatus.COMPLETED, stored(first).status());
        assertEquals("{\"ok\":true}", stored(first).resultJson());
        assertEquals(2, r.runs.size());
        assertEquals(second.id(), r.runs.get(1).executionId());
    }

    @Test
    void robotsOfOtherUsersNeverGetTheExecution() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot bobs = robot("c-b", BOB);
        Execution e = start("p-1", "{}");
        assertTrue(bobs.runs.isEmpty());
        assertEquals(ExecutionStatus.PENDING, stored(e).status());
    }

    @Test
    void twoRobotsAndAHundredQueuedExecutionsRunEachExactlyOnceNeverTwoAtOnceOnARobot() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        List<Execution> started = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            started.add(start("p-1", "{\"i\":" + i + "}"));
        }
        FakeRobot a = robot("c-a", ALICE);
        FakeRobot b = robot("c-b", ALICE);
        int handled = 0;
        while (handled < 100) {
            for (FakeRobot r : List.of(a, b)) {
                int done = (int) r.runs.stream()
                        .filter(o -> executions.find(o.executionId()).orElseThrow().status().isTerminal()).count();
                assertTrue(r.runs.size() - done <= 1, "a robot never runs two executions at once");
                if (r.runs.size() > done) {
                    RunOrder open = r.runs.get(r.runs.size() - 1);
                    reply.handle(ALICE, open.eventId(), new RobotReply.ObjectReply("0000", "", "1"));
                    handled++;
                }
            }
        }
        Set<ExecutionId> ran = new HashSet<>();
        a.runs.forEach(o -> assertTrue(ran.add(o.executionId())));
        b.runs.forEach(o -> assertTrue(ran.add(o.executionId())));
        assertEquals(100, ran.size());
        assertTrue(a.runs.size() > 10 && b.runs.size() > 10, "work spreads over both robots");
        started.forEach(e -> assertEquals(ExecutionStatus.COMPLETED, stored(e).status()));
        assertEquals(started.get(0).id(), a.runs.get(0).executionId(), "FIFO: the oldest goes first");
    }

    @Test
    void aReplyArrivingOnANewConnectionAfterAReconnectStillCompletesItsExecution() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot before = robot("c-1", ALICE);
        Execution e = start("p-1", "{}");
        String eventId = before.runs.get(0).eventId();
        disconnect.disconnect("c-1");
        assertEquals(ExecutionStatus.RUNNING, stored(e).status(), "a disconnect does not fail the execution");
        FakeRobot after = robot("c-2", ALICE);
        assertTrue(after.runs.isEmpty());
        assertEquals(HandleRobotReply.Result.APPLIED, reply.handle(ALICE, eventId, new RobotReply.TextReply("robot crashed")));
        assertEquals(ExecutionStatus.FAILED, stored(e).status());
        assertEquals(ErrorCode.ROBOT_ERROR, stored(e).errorCode());
        assertEquals("robot crashed", stored(e).error());
    }

    @Test
    void aRobotReconnectingMidRunGetsNoNewWorkUntilItsUnansweredRunEnds() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot before = robot("c-1", ALICE);
        Execution running = start("p-1", "{}");
        String eventId = before.runs.get(0).eventId();
        disconnect.disconnect("c-1");
        Execution queued = start("p-1", "{}");

        FakeRobot after = robot("c-2", ALICE);
        assertTrue(after.runs.isEmpty(), "the desktop is presumably still running " + running.id());
        assertEquals(running.id(), robots.of(ALICE).get(0).busyWith());
        assertEquals(ExecutionStatus.PENDING, stored(queued).status());

        reply.handle(ALICE, eventId, new RobotReply.ObjectReply("0000", "", "{}"));
        assertEquals(ExecutionStatus.COMPLETED, stored(running).status());
        assertEquals(List.of(queued.id()), after.runs.stream().map(RunOrder::executionId).toList(),
                "the reply frees the connection for the queue");
    }

    @Test
    void eachReconnectingRobotTakesAtMostOneUnansweredRunAndOthersServeTheQueue() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        robot("c-1", ALICE);
        Execution running = start("p-1", "{}");
        disconnect.disconnect("c-1");
        Execution queued = start("p-1", "{}");

        FakeRobot first = robot("c-2", ALICE);
        FakeRobot second = robot("c-3", ALICE);
        assertTrue(first.runs.isEmpty());
        assertEquals(List.of(queued.id()), second.runs.stream().map(RunOrder::executionId).toList());
        assertEquals(ExecutionStatus.RUNNING, stored(running).status());
    }

    @Test
    void aReconnectedRobotThatForgotItsRunIsFreedByThatRunsTimeout() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        robot("c-1", ALICE);
        Execution running = start("p-1", "{}");
        disconnect.disconnect("c-1");
        Execution queued = start("p-1", "{}");
        FakeRobot after = robot("c-2", ALICE);

        clock.advance(Duration.ofSeconds(61));
        sweeper.sweep();
        assertEquals(ErrorCode.TIMEOUT, stored(running).errorCode());
        assertEquals(List.of(running.id().value()), after.stops, "the presumed runner is told to stop");
        assertEquals(List.of(), after.wholeDesktopStops,
                "but not to stop whatever its desktop runs: it may be another desktop, running another run");
        assertTrue(after.runs.isEmpty(), "a robot told to stop takes no work until it replies or the grace passes");

        clock.advance(Dispatcher.STOP_GRACE);
        sweeper.sweep();
        assertEquals(List.of(queued.id()), after.runs.stream().map(RunOrder::executionId).toList());
    }

    @Test
    void aReplyFromAnotherUsersRobotIsTreatedAsUnknownAndChangesNothing() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot r = robot("c-1", ALICE);
        Execution e = start("p-1", "{}");
        String eventId = r.runs.get(0).eventId();
        assertEquals(HandleRobotReply.Result.UNKNOWN_EVENT,
                reply.handle(BOB, eventId, new RobotReply.ObjectReply("0000", "", "\"forged\"")));
        assertEquals(ExecutionStatus.RUNNING, stored(e).status());
        assertEquals(List.of(e.id()), robots.of(ALICE).stream().map(RobotRegistry.RobotView::busyWith).toList(),
                "alice's robot is still busy with it");
        assertEquals(HandleRobotReply.Result.APPLIED, reply.handle(ALICE, eventId, new RobotReply.ObjectReply("0000", "", "1")));
    }

    @Test
    void lateDuplicateAndUnknownRepliesAreDropped() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot r = robot("c-1", ALICE);
        Execution e = start("p-1", "{}");
        String eventId = r.runs.get(0).eventId();
        reply.handle(ALICE, eventId, new RobotReply.ObjectReply("0000", "", "1"));
        assertEquals(HandleRobotReply.Result.ALREADY_ENDED, reply.handle(ALICE, eventId, new RobotReply.ObjectReply("0000", "", "2")));
        assertEquals("1", stored(e).resultJson());
        assertEquals(HandleRobotReply.Result.UNKNOWN_EVENT, reply.handle(ALICE, "nope", new RobotReply.TextReply("x")));
    }

    @Test
    void unknownOtherUsersAndInactiveWorkflowsAreRefused() {
        workflow("mine", ALICE, WorkflowStatus.ACTIVE);
        workflow("off", ALICE, WorkflowStatus.INACTIVE);
        workflow("bobs", BOB, WorkflowStatus.ACTIVE);
        assertThrows(WorkflowNotFound.class, () -> start("nope", "{}"));
        assertThrows(WorkflowNotFound.class, () -> start("bobs", "{}"));
        assertThrows(WorkflowInactive.class, () -> start("off", "{}"));
        InvalidInput bad = assertThrows(InvalidInput.class, () -> start("mine", "{\"bad\":1}"));
        assertEquals("params.bad", bad.errors().get(0).field());
        assertEquals(0, executions.countByStatus().values().stream().mapToLong(Long::longValue).sum(), "nothing was created");
    }

    @Test
    void withADispatchTimeoutOfZeroAnExecutionNoRobotTakesFailsAtOnce() {
        UseCaseGraph failFast = graph(executions, events, settings().dispatchTimeout(Duration.ZERO).build());
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        Execution e = failFast.startExecution().start(StartExecutionCommand.of(ALICE, "p-1", "{}", null, null));
        assertEquals(ExecutionStatus.FAILED, e.status());
        assertEquals(ErrorCode.ROBOT_OFFLINE, e.errorCode());
        FakeRobot r = robot(failFast, "c-1", ALICE);
        Execution taken = failFast.startExecution().start(StartExecutionCommand.of(ALICE, "p-1", "{}", null, null));
        assertEquals(ExecutionStatus.RUNNING, taken.status());
        assertEquals(1, r.runs.size());
    }

    @Test
    void theSweeperFailsOverdueExecutionsAndStopsTheRobot() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        Execution waiting = start("p-1", "{}");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(1, sweeper.sweep());
        assertEquals(ErrorCode.ROBOT_OFFLINE, stored(waiting).errorCode());

        FakeRobot r = robot("c-1", ALICE);
        Execution running = start("p-1", "{}");
        Execution queued = start("p-1", "{}");
        clock.advance(Duration.ofSeconds(59));
        assertEquals(0, sweeper.sweep());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, sweeper.sweep());
        assertEquals(ErrorCode.TIMEOUT, stored(running).errorCode());
        assertEquals(List.of(running.id().value()), r.stops);
        assertEquals(ExecutionStatus.PENDING, stored(queued).status(), "the robot may still be on the timed-out run");
        clock.advance(Dispatcher.STOP_GRACE);
        sweeper.sweep();
        assertEquals(ExecutionStatus.RUNNING, stored(queued).status(), "a robot silent past the stop grace takes the next one");
    }

    @Test
    void aQueuedExecutionWaitsBeyondTheDispatchTimeoutWhileItsOwnersRobotIsBusy() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot r = robot("c-1", ALICE);
        start("p-1", "{}");
        Execution queued = start("p-1", "{}");
        clock.advance(Duration.ofSeconds(45));
        assertEquals(0, sweeper.sweep());
        assertEquals(ExecutionStatus.PENDING, stored(queued).status());
        reply.handle(ALICE, r.runs.get(0).eventId(), new RobotReply.ObjectReply("0000", "", "1"));
        assertEquals(ExecutionStatus.RUNNING, stored(queued).status());
    }

    @Test
    void aQueuedExecutionFailsOfflineWhenTheOwnersLastRobotLeftForTheWholeDispatchTimeout() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        robot("c-1", ALICE);
        start("p-1", "{}");
        Execution queued = start("p-1", "{}");
        clock.advance(Duration.ofSeconds(31));
        sweeper.sweep();
        disconnect.disconnect("c-1");
        clock.advance(Duration.ofSeconds(29));
        sweeper.sweep();
        assertEquals(ExecutionStatus.PENDING, stored(queued).status());
        clock.advance(Duration.ofSeconds(2));
        sweeper.sweep();
        assertEquals(ErrorCode.ROBOT_OFFLINE, stored(queued).errorCode());
    }

    @Test
    void cancellingARunningExecutionTellsTheRobotToStopAndFreesIt() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot r = robot("c-1", ALICE);
        Execution e = start("p-1", "{}");
        Execution next = start("p-1", "{}");
        Execution cancelled = cancel.cancel(ALICE, e.id().value());
        assertEquals(ExecutionStatus.CANCELLED, cancelled.status());
        assertEquals(List.of(e.id().value()), r.stops);
        assertEquals(List.of(e.id().value()), r.wholeDesktopStops, "the connection it was sent to may stop its desktop");
        assertEquals(ExecutionStatus.PENDING, stored(next).status(), "released robots ignore stop: wait for their reply");
        assertThrows(ExecutionAlreadyFinished.class, () -> cancel.cancel(ALICE, e.id().value()));
        assertThrows(ExecutionNotFound.class, () -> cancel.cancel(BOB, next.id().value()));
        assertEquals(HandleRobotReply.Result.ALREADY_ENDED, reply.handle(ALICE, r.runs.get(0).eventId(), new RobotReply.TextReply("late")));
        assertEquals(ExecutionStatus.RUNNING, stored(next).status(), "the late reply frees the robot for the next one");
    }

    @Test
    void aWaitForAnExecutionThatEndedAfterTheCallersReadReturnsTheEndAtOnce() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot r = robot("c-1", ALICE);
        Execution snapshot = start("p-1", "{}");
        assertEquals(ExecutionStatus.RUNNING, snapshot.status(), "start answers the execution as dispatched");
        reply.handle(ALICE, r.runs.get(0).eventId(), new RobotReply.ObjectReply("0000", "", "7"));

        Execution ended = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> graph.awaitExecution().await(snapshot, Duration.ofSeconds(60)), "the end was missed: the wait ran on");
        assertEquals(ExecutionStatus.COMPLETED, ended.status());
        assertEquals("7", ended.resultJson());
    }

    @Test
    void aWaiterThatRechecksFindsAnEndWhoseEventNeverReachedIt() {
        // it listens on another bus, as a waiter on an instance that missed a pub/sub message
        ExecutionWaiter rechecking = graph(executions, new InProcessExecutionEvents(),
                settings().waiterRecheck(Duration.ofMillis(50)).build()).waiter();
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot r = robot("c-1", ALICE);
        Execution snapshot = start("p-1", "{}");
        reply.handle(ALICE, r.runs.get(0).eventId(), new RobotReply.ObjectReply("0000", "", "3"));

        Execution ended = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> rechecking.awaitEnd(snapshot, Duration.ofSeconds(60)), "the lost event left the wait hanging");
        assertEquals(ExecutionStatus.COMPLETED, ended.status());
        assertEquals(ExecutionStatus.RUNNING, rechecking.awaitEnd(start("p-1", "{}"), Duration.ofMillis(120)).status(),
                "a wait that runs out answers the stored execution");
    }

    @Test
    void aStoppingServiceAnswersEveryWaitAtOnceWithTheExecutionAsStored() throws Exception {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot r = robot("c-1", ALICE);
        Execution snapshot = start("p-1", "{}");
        AwaitExecution await = graph.awaitExecution();
        java.util.concurrent.CompletableFuture<Execution> waiting = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> await.await(snapshot, Duration.ofSeconds(60)));
        Thread.sleep(200);
        assertFalse(waiting.isDone());

        waiter.releaseAll();

        Execution answered = waiting.get(2, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(ExecutionStatus.RUNNING, answered.status());
        assertEquals(r.runs.get(0).eventId(), answered.eventId(), "as stored: dispatched to the robot");
        assertEquals(ExecutionStatus.RUNNING, assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> await.await(snapshot, Duration.ofSeconds(60))).status(), "a wait begun after the release returns at once");
    }

    @Test
    void aWaitingReaderIsWokenByTheEnd() throws Exception {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot r = robot("c-1", ALICE);
        Execution e = start("p-1", "{}");
        Thread replier = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            reply.handle(ALICE, r.runs.get(0).eventId(), new RobotReply.ObjectReply("0000", "", "7"));
        });
        long t0 = System.nanoTime();
        Execution ended = get.get(ALICE, e.id().value(), Duration.ofSeconds(10));
        assertEquals(ExecutionStatus.COMPLETED, ended.status());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        replier.join();
        Execution other = start("p-1", "{}");
        assertEquals(ExecutionStatus.RUNNING, get.get(ALICE, other.id().value(), Duration.ofMillis(50)).status(),
                "a wait that runs out answers the execution as it is");
        assertEquals(0, waiter.waiters(), "finished waits leave nothing behind");
        assertThrows(ExecutionNotFound.class, () -> get.get(BOB, e.id().value(), Duration.ZERO));
    }

    @Test
    void anExecutionKeepsAtMostItsLineLimitThenOneTruncatedLine() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        Execution e = start("p-1", "{}");
        AppendRobotLog capped = graph(executions, events, settings().executionLogMaxLines(3).build()).appendRobotLog();
        for (int i = 1; i <= 3; i++) {
            assertEquals(AppendRobotLog.Outcome.STORED, capped.append(ALICE, e.id().value(), "info", "step " + i));
        }
        assertEquals(AppendRobotLog.Outcome.TRUNCATED, capped.append(ALICE, e.id().value(), "info", "step 4"));
        assertEquals(AppendRobotLog.Outcome.LOG_FULL, capped.append(ALICE, e.id().value(), "info", "step 5"));
        var lines = readLogs.read(ALICE, e.id().value(), 0, 10);
        assertEquals(4, lines.size());
        assertTrue(lines.get(3).message().startsWith("log truncated"), lines.get(3).message());
    }

    @Test
    void linesThatArriveAfterTheExecutionEndedAreRefusedButThoseSentBeforeItsReplyAreKept() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        robot("c-1", ALICE);
        Execution e = start("p-1", "{}");
        java.time.Instant beforeReply = clock.now();
        clock.advance(Duration.ofSeconds(1));
        Execution running = stored(e);
        executions.update(running, running.cancel(clock.now()));
        assertEquals(AppendRobotLog.Outcome.STORED, appendLog.append(ALICE, e.id().value(), "info", "sent before", beforeReply));
        clock.advance(Duration.ofMillis(1));
        assertEquals(AppendRobotLog.Outcome.ENDED, appendLog.append(ALICE, e.id().value(), "info", "after the end"));
        assertEquals(1, readLogs.read(ALICE, e.id().value(), 0, 10).size());
    }

    @Test
    void robotLogLinesAreKeptOnlyForTheRobotOwnersExecutions() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        Execution e = start("p-1", "{}");
        assertEquals(AppendRobotLog.Outcome.STORED, appendLog.append(ALICE, e.id().value(), "info", "step 1"));
        assertEquals(AppendRobotLog.Outcome.UNKNOWN, appendLog.append(BOB, e.id().value(), "info", "not mine"));
        assertEquals(AppendRobotLog.Outcome.UNKNOWN, appendLog.append(ALICE, "missing", "info", "x"));
        var lines = readLogs.read(ALICE, e.id().value(), 0, 10);
        assertEquals(List.of("step 1"), lines.stream().map(l -> l.message()).toList());
        assertThrows(ExecutionNotFound.class, () -> readLogs.read(BOB, e.id().value(), 0, 10));
        assertEquals("limit", assertThrows(InvalidInput.class,
                () -> readLogs.read(ALICE, e.id().value(), 0, 0)).errors().get(0).field());
    }

    @Test
    void theSameIdempotencyKeyAndBodyGiveTheSameExecutionAndAnotherBodyIsAConflict() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        StartExecutionCommand command = StartExecutionCommand.of(ALICE, "p-1", "{\"a\":1}", null, null).withIdempotencyKey("k-1");
        Execution first = graph.startExecution().start(command);
        Execution again = graph.startExecution().start(command);
        assertEquals(first.id(), again.id());
        assertThrows(org.astronrpa.openapi.domain.execution.IdempotencyConflict.class, () -> graph.startExecution()
                .start(StartExecutionCommand.of(ALICE, "p-1", "{\"a\":2}", null, null).withIdempotencyKey("k-1")));
        Execution otherKey = graph.startExecution()
                .start(StartExecutionCommand.of(ALICE, "p-1", "{\"a\":1}", null, null).withIdempotencyKey("k-2"));
        assertFalse(otherKey.id().equals(first.id()));
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertFalse(graph.startExecution().start(command).id().equals(first.id()), "a key is remembered 24 h");
    }

    @Test
    void aDispatchWhoseStoreFailsLeavesTheRobotFreeForTheNextAttempt() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        Execution queued = start("p-1", "{}");
        UseCaseGraph flaky = graph(failingOnce("update"), events, settings().build());
        FakeRobot r = new FakeRobot();
        flaky.robots().connected(new RobotRegistry.Robot("c-1", ALICE, clock.now(), "127.0.0.1", r));

        assertThrows(IllegalStateException.class, () -> flaky.dispatcher().dispatch(ALICE));
        assertTrue(flaky.robots().hasIdle(ALICE), "the robot claimed for the failed dispatch is free again");
        flaky.dispatcher().dispatch(ALICE);

        assertEquals(List.of(queued.id()), r.runs.stream().map(RunOrder::executionId).toList());
        assertEquals(ExecutionStatus.RUNNING, stored(queued).status());
    }

    @Test
    void aFailedFirstAttemptLeavesItsIdempotencyKeyFreeForTheRetry() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        StartExecution starter = graph(failingOnce("insert"), events, settings().build()).startExecution();
        StartExecutionCommand command = StartExecutionCommand.of(ALICE, "p-1", "{\"a\":1}", null, null)
                .withIdempotencyKey("k-1");

        assertThrows(IllegalStateException.class, () -> starter.start(command));
        Execution retried = starter.start(command);

        assertEquals(ExecutionStatus.PENDING, retried.status());
        assertEquals(retried, executions.find(retried.id()).orElseThrow());
        assertEquals(retried.id(), starter.start(command).id(), "the retry's execution is now the key's");
    }

    @Test
    void aRunThatCouldNotBeSentToAVanishedRobotGoesBackToTheQueueForTheOwnersOtherRobots() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot vanished = robot("c-1", ALICE);   // idle the longest: it is claimed first
        vanished.open = false;
        FakeRobot healthy = robot("c-2", ALICE);
        Execution e = start("p-1", "{}");
        assertEquals(ExecutionStatus.RUNNING, stored(e).status());
        assertEquals("c-2", stored(e).robotId());
        assertEquals(1, healthy.runs.size());
        assertEquals(1, robots.size(), "the vanished connection is forgotten at once");
    }

    @Test
    void aRunThatCouldNotBeSentToTheOnlyRobotWaitsInTheQueueInsteadOfFailing() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot vanished = robot("c-1", ALICE);
        vanished.open = false;
        Execution e = start("p-1", "{}");
        assertEquals(ExecutionStatus.PENDING, stored(e).status());
        assertEquals(0, robots.size());
        FakeRobot next = robot("c-2", ALICE);
        assertEquals(ExecutionStatus.RUNNING, stored(e).status());
        assertEquals(1, next.runs.size());
    }

    @Test
    void aRunWhoseFrameWasNeverWrittenOutFailsOfflineAndFreesTheConnectionThatTookItOver() {
        workflow("p-1", ALICE, WorkflowStatus.ACTIVE);
        FakeRobot first = robot("c-1", ALICE);
        Execution e = start("p-1", "{}");
        assertEquals("c-1", stored(e).robotId());
        disconnect.disconnect("c-1");
        robot("c-2", ALICE);   // a reconnect: presumed to run e
        assertEquals(e.id(), robots.runnerOf(e.id()).map(r -> r.connectionId()).map(id -> e.id()).orElse(null));
        Execution next = start("p-1", "{}");
        assertEquals(ExecutionStatus.PENDING, stored(next).status());
        first.undelivered.run();   // Jetty failed the run frame's write
        assertEquals(ErrorCode.ROBOT_OFFLINE, stored(e).errorCode());
        assertEquals(ExecutionStatus.RUNNING, stored(next).status(), "the connection that took e over is free again");
        assertEquals("c-2", stored(next).robotId());
    }
}
