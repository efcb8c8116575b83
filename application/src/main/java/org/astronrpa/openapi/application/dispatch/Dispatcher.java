package org.astronrpa.openapi.application.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.astronrpa.openapi.application.change.ExecutionChanges;
import org.astronrpa.openapi.domain.cluster.InstanceMessages;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.execution.ErrorCode;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.execution.ExecutionStatus;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.execution.NeverSent;
import org.astronrpa.openapi.domain.execution.Requeue;
import org.astronrpa.openapi.domain.execution.RunOrder;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each user's PENDING executions, oldest first, to that user's idle robots on this instance: each
 * execution to exactly one robot, one execution per robot at a time. Runs whenever something may have
 * become dispatchable (an execution queued, a robot connected or became idle); per user it runs serially.
 * Among several instances, the claim is the optimistic update of the execution row: only one instance's update
 * from PENDING succeeds, so no two instances ever send the same execution.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final ExecutionRepository executions;
    private final ExecutionChanges changes;
    private final RobotRegistry robots;
    private final IdGenerator eventIds;
    private final TimeSource time;
    private final RobotPresence presence;
    private final InstanceMessages instances;
    private final ConcurrentHashMap<UserId, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final java.util.Set<ExecutionId> startingHere = ConcurrentHashMap.newKeySet();
    /** The targets each owner's queue waits for, of the owners whose decisions needed them (see {@link #waitingOf}). */
    private final ConcurrentHashMap<UserId, WaitingTargets> waiting = new ConcurrentHashMap<>();
    private volatile DecisionTiming timing = DecisionTiming.NONE;

    /** A dispatcher of a single instance. */
    public Dispatcher(ExecutionRepository executions, ExecutionChanges changes, RobotRegistry robots,
                      IdGenerator eventIds, TimeSource time) {
        this(executions, changes, robots, eventIds, time, RobotPresence.SINGLE_INSTANCE, InstanceMessages.SINGLE_INSTANCE);
    }

    /**
     * A dispatcher among several instances: work its own robots cannot take goes to the instances holding the
     * owner's other robots, stops go to the instance whose robot runs the execution, and it answers the same
     * requests from the others.
     */
    public Dispatcher(ExecutionRepository executions, ExecutionChanges changes, RobotRegistry robots,
                      IdGenerator eventIds, TimeSource time, RobotPresence presence, InstanceMessages instances) {
        this.executions = executions;
        this.changes = changes;
        this.robots = robots;
        this.eventIds = eventIds;
        this.time = time;
        this.presence = presence;
        this.instances = instances;
        instances.receive(execution ->
                executions.find(execution).filter(e -> e.status().isTerminal()).ifPresent(Dispatcher.this::stopHere));
    }

    /** Times the dispatch decisions from now on (the composition root's metrics). */
    public void timeDecisionsWith(DecisionTiming timing) {
        this.timing = java.util.Objects.requireNonNull(timing, "timing");
    }

    /**
     * Follows the execution bus, which carries every change made on any instance (from the outbox, so also those
     * of an instance that died right after its commit): an execution queued anywhere — started, or put back after
     * a run that never left — is looked for here when an idle robot of its owner is here. The database decides
     * which instance's dispatch takes it. The executions this instance is starting itself are left to
     * {@link #queued}, which dispatches them at once on the starting request's thread.
     *
     * @return the subscription, to close when the dispatcher stops following
     */
    public ExecutionEvents.Subscription followQueues(ExecutionEvents bus) {
        return bus.subscribe(new ExecutionEvents.Listener() {
            @Override
            public void statusChanged(Execution execution) {
                UserId owner = execution.ownerId();
                if (execution.status() != ExecutionStatus.PENDING) {
                    return;
                }
                noteWaiting(execution);   // before any dispatch that may look for it
                if (!startingHere.contains(execution.id()) && robots.hasIdle(owner)) {
                    // off the bus's thread: a dispatch reads and writes the database
                    Thread.ofVirtual().name("dispatch-hint").start(() ->
                            dispatchOrLeaveToRescan(owner, "on hearing of execution", execution.id()));
                }
            }

            @Override
            public void logAppended(UserId owner, String projectId, LogLine line) {
            }
        });
    }

    /**
     * Marks an execution this instance is about to store and then hand to {@link #queued}: until the mark is
     * closed, hearing of it on the bus does not start a second dispatch racing the starting request's own (which
     * would leave that request answering PENDING for an execution a robot of this instance took meanwhile).
     */
    public StartingHere startingHere(ExecutionId execution) {
        startingHere.add(execution);
        return () -> startingHere.remove(execution);
    }

    /** The mark of {@link #startingHere}; closing it never throws. */
    @FunctionalInterface
    public interface StartingHere extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A new execution was queued by this instance: robots here take it if they can. The other instances holding
     * robots of its owner hear of it on the bus ({@link #followQueues}) and look at the queue too.
     *
     * @return what this instance dispatched, as {@link #dispatch} returns it
     */
    public List<Execution> queued(UserId owner) {
        return dispatch(owner);
    }

    /**
     * A new execution, not stored yet, that an idle robot of its owner here takes as it arrives when nothing of the
     * owner's is queued before it: {@link AtOnce#stored()} is what to store (the execution dispatched to that robot,
     * or {@code accepted} as it is), so that the start and the dispatch are one write. Until closed, it holds the
     * owner's queue (no other dispatch of the owner runs here meanwhile) and the robot it claimed.
     */
    public AtOnce atOnce(Execution accepted) {
        UserId owner = accepted.ownerId();
        if (accepted.status() != ExecutionStatus.PENDING || !robots.hasIdle(owner)) {
            return new NotTaken(accepted);
        }
        ReentrantLock lock = locks.computeIfAbsent(owner, o -> new ReentrantLock());
        lock.lock();
        Taken taken = null;
        try {
            // what is queued before it goes first: queued() hands out the oldest
            if (robots.hasIdle(owner) && executions.oldestPending(owner).isEmpty()) {
                taken = robots.claimIdle(owner, accepted.id(), accepted.target()).map(robot -> new Taken(
                        accepted.dispatch(robot.connectionId(), eventIds.newId(), time.now(), robot.confirmsStops()),
                        robot, lock)).orElse(null);
            }
        } finally {
            if (taken == null) {
                lock.unlock();
            }
        }
        return taken != null ? taken : new NotTaken(accepted);
    }

    /**
     * What {@link #atOnce} found: store {@link #stored()} (and nothing else) and call {@link #afterStore()} once it is
     * committed; close in every case — closing without {@link #afterStore()} (a failed or refused store) frees the
     * robot.
     */
    public sealed interface AtOnce extends AutoCloseable {
        /** The execution to store: dispatched, or as accepted. */
        Execution stored();

        /**
         * The store committed: sends the run to the robot that took it (if any), then lets the owner's robots here
         * take what they can, as {@link #queued} does.
         *
         * @return what this instance dispatched, as {@link #dispatch} returns it
         */
        List<Execution> afterStore();

        @Override
        void close();
    }

    private final class NotTaken implements AtOnce {
        private final Execution accepted;

        NotTaken(Execution accepted) {
            this.accepted = accepted;
        }

        @Override
        public Execution stored() {
            return accepted;
        }

        @Override
        public List<Execution> afterStore() {
            noteWaiting(accepted);
            return queued(accepted.ownerId());
        }

        @Override
        public void close() {
        }
    }

    private final class Taken implements AtOnce {
        private final Execution running;
        private final RobotRegistry.Robot robot;
        private ReentrantLock lock;
        private boolean committed;

        Taken(Execution running, RobotRegistry.Robot robot, ReentrantLock lock) {
            this.running = running;
            this.robot = robot;
            this.lock = lock;
        }

        @Override
        public Execution stored() {
            return running;
        }

        @Override
        public List<Execution> afterStore() {
            committed = true;
            List<Execution> dispatched = new ArrayList<>(1);
            send(running, robot, dispatched);
            // a run sent back to the queue, or one queued meanwhile by a request that found no idle robot; the start
            // itself is stored and sent whatever this finds, so a failure here is the queue rescan's to repair
            dispatched.addAll(dispatchOrLeaveToRescan(running.ownerId(), "after starting execution", running.id()));
            return dispatched;
        }

        @Override
        public void close() {
            if (lock == null) {
                return;
            }
            try {
                if (!committed) {
                    robots.release(running.id());   // not stored: the robot stays free
                }
            } finally {
                lock.unlock();
                lock = null;
            }
            if (!committed) {
                // what was queued meanwhile found no idle robot: it may take it
                dispatchOrLeaveToRescan(running.ownerId(), "after not storing the start of execution", running.id());
            }
        }
    }

    /** Whether the owner has a robot connected to any instance. */
    public boolean ownerHasRobot(UserId owner) {
        return robots.hasRobot(owner) || !presence.otherInstancesWithRobotsOf(owner).isEmpty();
    }

    /**
     * Whether a robot that {@code target} names is connected: here, or — as far as this instance can tell — to
     * another instance holding robots of the owner.
     */
    public boolean ownerHasRobotFor(UserId owner, org.astronrpa.openapi.domain.robot.RobotTarget target) {
        return robots.hasRobotFor(owner, target) || !presence.otherInstancesWithRobotsOf(owner).isEmpty();
    }

    /**
     * How many distinct targets of an owner's queue a rebuild of its {@link WaitingTargets} reads, at most (the oldest;
     * a target beyond them is known once one of its executions is queued anew, or when the older ones have drained).
     */
    static final int MAX_QUEUED_TARGETS = 10_000;
    /** An owner's waiting targets not walked by any decision over this many rebuilds in a row are dropped. */
    static final int UNUSED_REBUILDS = 20;
    /** How often {@link #rebuildWaitingTargets} is meant to run. */
    public static final java.time.Duration WAITING_TARGETS_REBUILD = java.time.Duration.ofSeconds(30);

    /**
     * Dispatches as many of the owner's queued executions as the owner has idle robots here.
     *
     * @return the executions this call handed to a robot, as they were stored afterwards (RUNNING); one whose robot
     *         vanished before the run reached it is queued again and not among them
     */
    public List<Execution> dispatch(UserId owner) {
        if (!robots.hasIdle(owner)) {
            return List.of();   // nothing can be dispatched: spare the queue lookup
        }
        ReentrantLock lock = locks.computeIfAbsent(owner, o -> new ReentrantLock());
        lock.lock();
        try {
            List<Execution> dispatched = new ArrayList<>(1);
            while (robots.hasIdle(owner) && dispatchOne(owner, dispatched)) {
                // keep going while both a queued execution and an idle robot exist
            }
            return dispatched;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #dispatch}, for callers that must not fail with it: a failure is logged and left to the periodic queue
     * rescan ({@code occasion} and {@code execution} say when it happened, for the log).
     */
    private List<Execution> dispatchOrLeaveToRescan(UserId owner, String occasion, ExecutionId execution) {
        try {
            return dispatch(owner);
        } catch (RuntimeException e) {
            LOG.warn("dispatching {}'s queue {} {} failed; the queue rescan tries again", owner, occasion, execution,
                    e);
            return List.of();
        }
    }

    /** The robot that ran {@code execution} on this instance is free again: it takes its owner's next one. */
    public void release(ExecutionId execution) {
        free(execution).ifPresent(this::dispatch);
    }

    /**
     * The robot that ran {@code execution} on this instance is free again, and takes nothing yet: the caller
     * {@link #dispatch dispatches} its owner's queue (the owner returned) when it may. Never throws, never waits on
     * the database.
     */
    public Optional<UserId> free(ExecutionId execution) {
        return robots.release(execution);
    }

    /**
     * An execution ended without its robot's reply (cancel, timeout): tell the robot to stop. Released astron-rpa
     * robots ignore stop frames and finish the run, so the connection stays busy until the robot's late reply
     * (which frees it) or, for robots that never reply, until {@link #STOP_GRACE} has passed.
     */
    public void stopOnRobot(Execution ended) {
        if (!stopHere(ended)) {
            presence.instanceRunning(ended.id()).ifPresent(instance -> instances.requestStop(instance, ended.id()));
        }
    }

    private boolean stopHere(Execution ended) {
        Optional<RobotRegistry.Robot> runner = robots.runnerOf(ended.id());
        runner.ifPresent(robot -> {
            robot.channel().sendStop(ended.eventId(), ended.id(), ended.projectId().value(), !robots.isAdopted(ended.id()));
            robots.stopping(ended.id(), time.now());
        });
        return runner.isPresent();
    }

    /** How long a robot told to stop may stay silent before its connection takes new work anyway. */
    public static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(60);

    /** Gives up on stopped robots that never replied within {@link #STOP_GRACE}; their owners' queues move on. */
    public void releaseSilentStoppedRobots() {
        robots.releaseStoppedBefore(time.now().minus(STOP_GRACE)).stream().distinct().forEach(this::dispatch);
    }

    /**
     * Hands the oldest of the owner's queued executions that an idle robot here may take to the longest idle such
     * robot: the head of the queue when one may take it (the common case, one lookup), else the oldest of the
     * targets idle robots here match — an execution waiting for robot A never holds up one robot B may run.
     */
    private boolean dispatchOne(UserId owner, List<Execution> dispatched) {
        long decision = timing.start();
        Optional<Execution> head = executions.oldestPending(owner);
        if (head.isEmpty()) {
            timing.decided(decision, false);
            return false;
        }
        Execution pending = head.get();
        Optional<RobotRegistry.Robot> claimed = robots.claimIdle(owner, pending.id(), pending.target());
        if (claimed.isEmpty()) {
            Optional<Execution> other = oldestAnIdleRobotMayTake(owner);
            if (other.isEmpty()) {
                timing.decided(decision, false);
                return false;
            }
            pending = other.get();
            claimed = robots.claimIdle(owner, pending.id(), pending.target());
            if (claimed.isEmpty()) {
                timing.decided(decision, false);
                return false;
            }
        }
        timing.decided(decision, true);
        Execution chosen = pending;
        RobotRegistry.Robot robot = claimed.get();
        String runEventId = eventIds.newId();
        ExecutionChanges.Outcome outcome;
        try {
            outcome = changes.change(chosen, (current, now) ->
                    current.status() == ExecutionStatus.PENDING
                            ? current.dispatch(robot.connectionId(), runEventId, now, robot.confirmsStops())
                            : current);
        } catch (RuntimeException failed) {
            robots.release(chosen.id());   // the database failed or the race was lost for good: the robot stays free
            throw failed;
        }
        if (!(outcome instanceof ExecutionChanges.Outcome.Changed(Execution before, Execution running))) {
            robots.release(chosen.id());   // cancelled or taken meanwhile: look at the queue again
            return true;
        }
        send(running, robot, dispatched);
        return true;
    }

    /**
     * The oldest queued execution that an idle robot here may take: walks the owner's waiting targets, oldest bound
     * first, and reads the head of the first one an idle robot here matches — an index lookup — until a head is no
     * later than its bound (then no target after it can hold an older one).
     */
    private Optional<Execution> oldestAnIdleRobotMayTake(UserId owner) {
        WaitingTargets targets = waitingOf(owner);
        while (true) {
            long stamp = targets.stamp();
            WaitingTargets.Waiting candidate = targets.next(null, target -> robots.hasIdleFor(owner, target));
            if (candidate == null) {
                return Optional.empty();
            }
            Optional<Execution> head = executions.oldestPending(owner, candidate.target());
            if (head.isPresent() && !head.get().startTime().isAfter(candidate.bound())) {
                return head;
            }
            if (head.isEmpty()) {
                targets.empty(candidate.target(), stamp);
            } else {
                // the bound was low (its execution left the queue): the target moves to its head's place
                targets.found(candidate.target(), head.get().startTime(), stamp);
            }
            // and the walk starts again: the target is met again where it now sits (or at once, when an execution
            // queued for it meanwhile kept its place)
        }
    }

    /** The owner's waiting targets, read from the queue the first time a decision needs them. */
    private WaitingTargets waitingOf(UserId owner) {
        WaitingTargets targets = waiting.get(owner);
        if (targets == null) {
            WaitingTargets made = new WaitingTargets();
            made.rebuild(() -> executions.pendingTargets(owner, MAX_QUEUED_TARGETS));
            targets = java.util.Objects.requireNonNullElse(waiting.putIfAbsent(owner, made), made);
        }
        return targets;
    }

    /** An execution is queued: its target waits (for owners whose waiting targets are kept here). */
    private void noteWaiting(Execution queued) {
        WaitingTargets targets = waiting.get(queued.ownerId());
        if (targets != null) {
            targets.waiting(queued.target(), queued.startTime());
        }
    }

    /**
     * Rebuilds each kept owner's waiting targets from the queue — the repair of an execution event that never arrived
     * (another instance's, lost on the way) — and drops those of owners with no robot here any more, or whose
     * decisions have not needed them for {@link #UNUSED_REBUILDS} rebuilds; then the owner's idle robots here take what
     * the rebuild found for them. Meant to run every {@link #WAITING_TARGETS_REBUILD}; off the dispatch path (decisions
     * go on meanwhile).
     *
     * @return how many owners' targets were rebuilt
     */
    public int rebuildWaitingTargets() {
        int rebuilt = 0;
        for (var kept : waiting.entrySet()) {
            UserId owner = kept.getKey();
            WaitingTargets targets = kept.getValue();
            if (!robots.hasRobot(owner) || targets.unusedRebuilds() >= UNUSED_REBUILDS) {
                waiting.remove(owner, targets);
                continue;
            }
            try {
                targets.rebuild(() -> executions.pendingTargets(owner, MAX_QUEUED_TARGETS));
                rebuilt++;
            } catch (RuntimeException e) {
                LOG.warn("could not rebuild {}'s waiting targets from the queue: {}", owner, e.toString());
                continue;
            }
            // what the rebuild found that an idle robot here may take
            dispatchOrLeaveToRescan(owner, "after rebuilding its waiting targets", null);
        }
        return rebuilt;
    }

    /** Sends a stored dispatch to its robot; one that certainly never left is queued again. */
    private void send(Execution running, RobotRegistry.Robot robot, List<Execution> dispatched) {
        if (!robot.channel().sendRun(RunOrder.of(running), () -> undelivered(running, robot))) {
            returnUnsent(running, robot);
        } else {
            dispatched.add(running);
            LOG.info("execution {} dispatched to robot {} (event {})", running.id(), robot.connectionId(), running.eventId());
        }
    }

    /**
     * The run certainly never left for the robot: its connection closed (perhaps while this dispatch waited on the
     * database) or stopped reading. That connection is forgotten — it must never be handed work again, nor be
     * taken for a robot that holds this run — and the execution goes back to its place in the queue, for the
     * owner's other robots.
     */
    private void returnUnsent(Execution running, RobotRegistry.Robot gone) {
        robots.disconnected(gone.connectionId());
        java.time.Duration dispatchTimeout = java.time.Duration.between(running.startTime(), running.dispatchDeadline());
        ExecutionChanges.Outcome outcome = changes.change(running, (current, now) ->
                switch (current.requeueIfNeverSent(running.eventId(), new NeverSent.SendRefused(), now, dispatchTimeout)) {
                    case Requeue.Requeued(Execution next) -> next;
                    case Requeue.MaybeSent(Execution unchanged) -> unchanged;
                    case Requeue.NotThatRun(Execution unchanged) -> unchanged;
                });
        if (outcome instanceof ExecutionChanges.Outcome.Changed(Execution before, Execution requeued)) {
            noteWaiting(requeued);
            LOG.info("execution {} could not be sent to robot {}, which is gone; it is queued again", running.id(),
                    gone.connectionId());
        }
    }

    /**
     * The connection broke after the run frame was queued but before it was written out. Part of it may have left
     * (frames are written in batches), so it cannot be queued again without risking a second run: it fails with
     * ROBOT_OFFLINE, the broken connection is forgotten, and a connection that took the run over meanwhile (a
     * reconnect presumed to run it) is freed.
     */
    private void undelivered(Execution running, RobotRegistry.Robot broken) {
        try {
            robots.disconnected(broken.connectionId());
            ExecutionChanges.Outcome outcome = changes.change(running.id(), (current, now) ->
                    isTheRun(current, running) ? current.fail(ErrorCode.ROBOT_OFFLINE,
                            "the robot's connection broke before the run reached it", now) : current);
            if (outcome instanceof ExecutionChanges.Outcome.Changed) {
                LOG.info("execution {} failed: the connection of robot {} broke before the run was written out",
                        running.id(), broken.connectionId());
                release(running.id());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not settle execution {}, whose run frame was not written out: {}", running.id(), e.toString());
        }
    }

    /** Whether {@code current} is still RUNNING the run that was {@code sent}. */
    private static boolean isTheRun(Execution current, Execution sent) {
        return current.status() == ExecutionStatus.RUNNING && sent.eventId().equals(current.eventId());
    }
}
