package org.astronrpa.openapi.application.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotTarget;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The robot connections this instance holds, and which execution each one is running. A connection runs
 * one execution at a time; idle connections are handed out longest-idle first, so work spreads over robots.
 * Connections are indexed by owner and by the execution they run, so no operation looks at other users'
 * robots (an instance holds tens of thousands of them); an owner's idle connections are kept in longest-idle order,
 * and those of managed robots also by each of their labels, so that finding the robot for a target reads the few
 * robots it may name, not all the owner's (one user may hold ten thousand robots).
 */
public final class RobotRegistry {

    /**
     * A connected robot as the protocol adapter announced it.
     *
     * @param managed the robot's record when the connection said who it is (API.md §5.1), null for an unnamed robot
     *                (the astron-rpa client)
     */
    public record Robot(String connectionId, UserId owner, Instant connectedAt, String remoteAddress,
                        RobotChannel channel, org.astronrpa.openapi.domain.robot.Robot managed) {

        /** An unnamed robot: the connection is all there is of it. */
        public Robot(String connectionId, UserId owner, Instant connectedAt, String remoteAddress, RobotChannel channel) {
            this(connectionId, owner, connectedAt, remoteAddress, channel, null);
        }

        public Robot {
            if (managed != null && !managed.owner().equals(owner)) {
                throw new IllegalArgumentException("a connection of " + owner + " cannot be robot " + managed.id()
                        + " of " + managed.owner());
            }
        }

        /** A managed robot that said it confirms stops (an unnamed one never does). */
        public boolean confirmsStops() {
            return managed != null && managed.confirmsStops();
        }

        /** The same connection as the managed robot {@code record} (its record as it is now). */
        public Robot as(org.astronrpa.openapi.domain.robot.Robot record) {
            return new Robot(connectionId, owner, connectedAt, remoteAddress, channel, record);
        }
    }

    /**
     * What {@code GET /robots} shows of a connection.
     *
     * @param robotId the managed robot's id, or null for an unnamed connection
     */
    public record RobotView(String connectionId, UserId owner, Instant connectedAt, String remoteAddress,
                            ExecutionId busyWith, String instance, RobotId robotId) {
    }

    /**
     * What {@link #connect} did.
     *
     * @param holds    the execution the new connection holds from the start (taken over from the connection it replaced,
     *                 or adopted), if any
     * @param replaced the older connection of the same robot, which this one replaced: the caller closes it
     */
    public record Registration(Optional<ExecutionId> holds, Optional<Robot> replaced) {
    }

    /** The owner's robot of that id (a robot id is unique per owner only). */
    private record Identity(UserId owner, RobotId id) {
        static Identity of(Robot robot) {
            return robot.managed() == null ? null : new Identity(robot.owner(), robot.managed().id());
        }
    }

    private static final class Slot {
        Robot robot;
        ExecutionId busyWith;
        boolean adopted;
        Instant stoppedAt;
        long idleSince;
        /** Whether the slot is in its owner's idle indexes, under the labels it had then. */
        boolean indexed;
        java.util.Collection<Map.Entry<String, String>> indexedLabels = List.of();

        Slot(Robot robot, long idleSince) {
            this.robot = robot;
            this.idleSince = idleSince;
        }
    }

    /** The longest idle first ({@code idleSince} is unique: a tick of the registry's clock). */
    private static final java.util.Comparator<Slot> LONGEST_IDLE = java.util.Comparator.comparingLong(slot -> slot.idleSince);

    /** An owner's connections, and those of them that take work now ({@link #takesWork}), indexed. */
    private static final class OwnerSlots {
        final Map<String, Slot> all = new LinkedHashMap<>();
        final java.util.TreeSet<Slot> idle = new java.util.TreeSet<>(LONGEST_IDLE);
        /** Idle managed robots by each of their label pairs. */
        final Map<Map.Entry<String, String>, java.util.TreeSet<Slot>> idleByLabel = new HashMap<>();
    }

    /** How many runs of managed robots that dropped mid-run are remembered for their reconnects. */
    static final int MAX_ORPHANED_RUNS = 100_000;

    private final Map<String, Slot> byConnection = new HashMap<>();
    private final Map<Identity, Slot> byIdentity = new HashMap<>();
    /** Runs whose managed robot's connection dropped: that robot takes them back when it reconnects. */
    private final Map<ExecutionId, Identity> orphaned = new LinkedHashMap<>();
    private final Map<Identity, ExecutionId> orphanOf = new HashMap<>();
    private final Map<UserId, OwnerSlots> byOwner = new HashMap<>();
    private final Map<ExecutionId, Slot> byExecution = new HashMap<>();
    private final Map<ExecutionId, Slot> stopped = new LinkedHashMap<>();
    private final RobotPresence presence;
    private final String self;
    private volatile java.util.function.Consumer<org.astronrpa.openapi.domain.robot.Robot> drained = robot -> { };
    private long clock;

    /** A registry of a single instance. */
    public RobotRegistry() {
        this(RobotPresence.SINGLE_INSTANCE, "single");
    }

    /**
     * A registry that announces its connections and their runs to {@code presence}, so that other instances can
     * route to them (the presence's writes must not block: they are made while this registry is locked).
     */
    public RobotRegistry(RobotPresence presence, String self) {
        this.presence = presence;
        this.self = self;
    }

    public synchronized void connected(Robot robot) {
        connected(robot, List.of());
    }

    /**
     * Registers the connection and, in the same step, lets it {@link #adopt} one of {@code unanswered}: nobody sees
     * the new connection idle in between.
     *
     * @return the execution the connection now holds, if any
     */
    public synchronized Optional<ExecutionId> connected(Robot robot, List<ExecutionId> unanswered) {
        return connect(robot, unanswered).holds();
    }

    /**
     * Registers the connection. A managed robot that is connected already replaces its older connection (the newer
     * wins: the older is forgotten here and returned, for the caller to close) and takes over the run that one held;
     * one whose connection dropped mid-run takes that run back. An unnamed robot {@link #adopt adopts} one of
     * {@code unanswered} that no managed robot is known to run. Nobody sees the new connection idle in between.
     */
    public synchronized Registration connect(Robot robot, List<ExecutionId> unanswered) {
        Identity identity = Identity.of(robot);
        Slot older = identity == null ? null : byIdentity.get(identity);
        if (older != null) {
            byConnection.remove(older.robot.connectionId());
        }
        Slot slot = register(robot, identity);
        if (older != null) {
            ExecutionId running = older.busyWith;
            boolean adopted = older.adopted;
            Instant stoppedAt = older.stoppedAt;
            forget(older);
            if (running != null) {
                occupy(slot, running);
                slot.adopted = adopted;
                if (stoppedAt != null) {
                    slot.stoppedAt = stoppedAt;
                    stopped.put(running, slot);
                }
            }
            return new Registration(Optional.ofNullable(running), Optional.of(older.robot));
        }
        if (identity != null) {
            ExecutionId own = orphanOf.remove(identity);
            if (own != null) {
                orphaned.remove(own);
                if (unanswered.contains(own) && !byExecution.containsKey(own)) {
                    occupy(slot, own);
                    return new Registration(Optional.of(own), Optional.empty());
                }
            }
            return new Registration(Optional.empty(), Optional.empty());
        }
        return new Registration(adopt(robot.connectionId(), unanswered), Optional.empty());
    }

    private Slot register(Robot robot, Identity identity) {
        Slot slot = new Slot(robot, ++clock);
        Slot previous = byConnection.put(robot.connectionId(), slot);
        if (previous != null) {
            forget(previous);
        }
        if (identity != null) {
            byIdentity.put(identity, slot);
        }
        byOwner.computeIfAbsent(robot.owner(), o -> new OwnerSlots()).all.put(robot.connectionId(), slot);
        index(slot);
        presence.connected(robot.connectionId(), robot.owner(), robot.connectedAt(), robot.remoteAddress(),
                robot.managed() == null ? null : robot.managed().id());
        return slot;
    }

    /**
     * The owner changed a managed robot's record (name, labels, draining): a connection of it here takes work by the
     * new record from now on.
     *
     * @return whether a connection of that robot is here
     */
    public synchronized boolean changed(org.astronrpa.openapi.domain.robot.Robot record) {
        Slot slot = byIdentity.get(new Identity(record.owner(), record.id()));
        if (slot == null) {
            return false;
        }
        unindex(slot);
        slot.robot = slot.robot.as(record);
        index(slot);
        return true;
    }

    /**
     * The managed robot's connection here is idle and its record says it drains: returns the record (the robot drained),
     * else empty.
     */
    public synchronized Optional<org.astronrpa.openapi.domain.robot.Robot> drainedIfIdle(
            org.astronrpa.openapi.domain.robot.Robot record) {
        Slot slot = byIdentity.get(new Identity(record.owner(), record.id()));
        if (slot == null || slot.busyWith != null || !slot.robot.managed().draining()) {
            return Optional.empty();
        }
        return Optional.of(slot.robot.managed());
    }

    /** Who hears of a draining managed robot whose run ended here (it drained); called while this registry is locked. */
    public void whenDrained(java.util.function.Consumer<org.astronrpa.openapi.domain.robot.Robot> listener) {
        this.drained = listener;
    }

    /** The connection here of the owner's managed robot {@code id}, if any. */
    public synchronized Optional<Robot> connectionOf(UserId owner, RobotId id) {
        Slot slot = byIdentity.get(new Identity(owner, id));
        return slot == null ? Optional.empty() : Optional.of(slot.robot);
    }

    /**
     * A robot reconnected while executions its owner's earlier connections were running are still
     * unanswered: the desktop is presumably still running one of them, so the new connection takes the oldest
     * such execution that no connection here holds, and stays busy with it until its reply or its end (timeout,
     * cancel) — instead of being handed a new run the desktop would refuse as busy.
     *
     * @param unanswered the owner's RUNNING executions, oldest dispatch first
     * @return the execution the connection now holds, if any
     */
    public synchronized Optional<ExecutionId> adopt(String connectionId, List<ExecutionId> unanswered) {
        Slot slot = byConnection.get(connectionId);
        if (slot == null || slot.busyWith != null) {
            return Optional.empty();
        }
        for (ExecutionId candidate : unanswered) {
            if (!byExecution.containsKey(candidate) && !orphaned.containsKey(candidate)) {
                occupy(slot, candidate);
                slot.adopted = true;
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The robot running {@code execution} was told to stop, but robots may ignore that: its connection stays
     * busy until the robot's late reply, or until {@link #releaseStoppedBefore} gives up on it.
     */
    public synchronized void stopping(ExecutionId execution, Instant at) {
        Slot slot = byExecution.get(execution);
        if (slot != null) {
            slot.stoppedAt = at;
            stopped.put(execution, slot);
        }
    }

    /** Frees connections told to stop at or before {@code before} that never replied; returns their owners. */
    public synchronized List<UserId> releaseStoppedBefore(Instant before) {
        List<UserId> owners = new ArrayList<>();
        for (Slot slot : List.copyOf(stopped.values())) {
            if (!slot.stoppedAt.isAfter(before)) {
                free(slot);
                owners.add(slot.robot.owner());
            }
        }
        return owners;
    }

    /** Forgets the connection; returns the execution it was running, if any (it stays RUNNING). */
    public synchronized Optional<ExecutionId> disconnected(String connectionId) {
        Slot slot = byConnection.remove(connectionId);
        if (slot == null) {
            return Optional.empty();
        }
        ExecutionId running = slot.busyWith;
        Identity identity = Identity.of(slot.robot);
        forget(slot);
        if (running != null && identity != null) {
            remember(running, identity);
        }
        return Optional.ofNullable(running);
    }

    /** The managed robot whose connection dropped while running {@code execution} takes it back on its return. */
    private void remember(ExecutionId execution, Identity identity) {
        ExecutionId earlier = orphanOf.put(identity, execution);
        if (earlier != null) {
            orphaned.remove(earlier);
        }
        orphaned.put(execution, identity);
        if (orphaned.size() > MAX_ORPHANED_RUNS) {
            var eldest = orphaned.entrySet().iterator().next();
            orphanOf.remove(eldest.getValue(), eldest.getKey());
            orphaned.remove(eldest.getKey());
        }
    }

    public synchronized Optional<Robot> find(String connectionId) {
        Slot slot = byConnection.get(connectionId);
        return slot == null ? Optional.empty() : Optional.of(slot.robot);
    }

    /** Takes the owner's longest-idle connection and marks it busy with {@code execution}. */
    public synchronized Optional<Robot> claimIdle(UserId owner, ExecutionId execution) {
        return claimIdle(owner, execution, RobotTarget.ANY);
    }

    /**
     * Takes the owner's longest-idle connection that {@code target} names and marks it busy with {@code execution}
     * (an unnamed connection takes only executions for any robot).
     */
    public synchronized Optional<Robot> claimIdle(UserId owner, ExecutionId execution, RobotTarget target) {
        Slot idle = idleFor(owner, target);
        if (idle == null) {
            return Optional.empty();
        }
        occupy(idle, execution);
        return Optional.of(idle.robot);
    }

    /** Whether the owner has a connection here that could take an execution now. */
    public synchronized boolean hasIdle(UserId owner) {
        OwnerSlots mine = byOwner.get(owner);
        return mine != null && !mine.idle.isEmpty();
    }

    /** Whether the owner has a connection here that could take an execution for {@code target} now. */
    public synchronized boolean hasIdleFor(UserId owner, RobotTarget target) {
        return idleFor(owner, target) != null;
    }

    /**
     * The owner's longest-idle connection that takes work for {@code target}, or null: for any robot, the head of the
     * idle connections; for a robot id, that robot's connection; for labels, the first matching robot among the idle
     * ones holding the rarest of the selector's pairs.
     */
    private Slot idleFor(UserId owner, RobotTarget target) {
        OwnerSlots mine = byOwner.get(owner);
        if (mine == null || mine.idle.isEmpty()) {
            return null;
        }
        if (target.isAny()) {
            return mine.idle.first();
        }
        if (target.robotId() != null) {
            Slot slot = byIdentity.get(new Identity(owner, target.robotId()));
            return slot != null && slot.indexed ? slot : null;
        }
        java.util.TreeSet<Slot> rarest = null;
        for (Map.Entry<String, String> pair : target.labels().values().entrySet()) {
            java.util.TreeSet<Slot> holding = mine.idleByLabel.get(pair);
            if (holding == null) {
                return null;
            }
            if (rarest == null || holding.size() < rarest.size()) {
                rarest = holding;
            }
        }
        for (Slot slot : rarest) {
            if (target.matches(slot.robot.managed())) {
                return slot;
            }
        }
        return null;
    }

    /** Whether the owner has a connection here, busy or not, of a robot that {@code target} names. */
    public synchronized boolean hasRobotFor(UserId owner, RobotTarget target) {
        OwnerSlots mine = byOwner.get(owner);
        if (mine == null) {
            return false;
        }
        if (target.robotId() != null) {
            return byIdentity.containsKey(new Identity(owner, target.robotId()));
        }
        for (Slot slot : mine.all.values()) {
            if (target.matches(slot.robot.managed())) {
                return true;
            }
        }
        return false;
    }

    /** Puts a connection that takes work into its owner's idle indexes (call after each change of it). */
    private void index(Slot slot) {
        if (slot.indexed || !takesWork(slot)) {
            return;
        }
        OwnerSlots mine = byOwner.get(slot.robot.owner());
        if (mine == null || mine.all.get(slot.robot.connectionId()) != slot) {
            return;   // forgotten
        }
        mine.idle.add(slot);
        if (slot.robot.managed() != null) {
            slot.indexedLabels = slot.robot.managed().labels().values().entrySet().stream()
                    .map(pair -> Map.entry(pair.getKey(), pair.getValue())).toList();
            for (Map.Entry<String, String> pair : slot.indexedLabels) {
                mine.idleByLabel.computeIfAbsent(pair, p -> new java.util.TreeSet<>(LONGEST_IDLE)).add(slot);
            }
        }
        slot.indexed = true;
    }

    /** Takes a connection out of its owner's idle indexes (call before each change of it). */
    private void unindex(Slot slot) {
        if (!slot.indexed) {
            return;
        }
        OwnerSlots mine = byOwner.get(slot.robot.owner());
        if (mine != null) {
            mine.idle.remove(slot);
            for (Map.Entry<String, String> pair : slot.indexedLabels) {
                java.util.TreeSet<Slot> holding = mine.idleByLabel.get(pair);
                if (holding != null) {
                    holding.remove(slot);
                    if (holding.isEmpty()) {
                        mine.idleByLabel.remove(pair);
                    }
                }
            }
        }
        slot.indexedLabels = List.of();
        slot.indexed = false;
    }

    /** Idle, and not draining. */
    private static boolean takesWork(Slot slot) {
        return slot.busyWith == null && (slot.robot.managed() == null || !slot.robot.managed().draining());
    }

    /** The connection that was running {@code execution} is free again; returns its owner if it is still here. */
    public synchronized Optional<UserId> release(ExecutionId execution) {
        Slot slot = byExecution.get(execution);
        if (slot == null) {
            Identity orphanedBy = orphaned.remove(execution);
            if (orphanedBy != null) {
                orphanOf.remove(orphanedBy, execution);
            }
            return Optional.empty();
        }
        free(slot);
        return Optional.of(slot.robot.owner());
    }

    /** Whether the connection running {@code execution} took it over after a reconnect (it was not sent the run). */
    public synchronized boolean isAdopted(ExecutionId execution) {
        Slot slot = byExecution.get(execution);
        return slot != null && slot.adopted;
    }

    /** The connection currently running {@code execution}, if this instance holds it. */
    public synchronized Optional<Robot> runnerOf(ExecutionId execution) {
        Slot slot = byExecution.get(execution);
        return slot == null ? Optional.empty() : Optional.of(slot.robot);
    }

    public synchronized boolean hasRobot(UserId owner) {
        OwnerSlots mine = byOwner.get(owner);
        return mine != null && !mine.all.isEmpty();
    }

    /** The owner's connections, oldest first. */
    public synchronized List<RobotView> of(UserId owner) {
        OwnerSlots mine = byOwner.get(owner);
        if (mine == null) {
            return List.of();
        }
        List<RobotView> views = new ArrayList<>(mine.all.size());
        mine.all.values().forEach(slot -> views.add(new RobotView(slot.robot.connectionId(), owner,
                slot.robot.connectedAt(), slot.robot.remoteAddress(), slot.busyWith, self,
                slot.robot.managed() == null ? null : slot.robot.managed().id())));
        return views;
    }

    /** The owner's connections here, then those other instances hold. */
    public List<RobotView> everywhere(UserId owner) {
        List<RobotView> views = new ArrayList<>(of(owner));
        presence.elsewhere(owner).forEach(robot -> views.add(new RobotView(robot.connectionId(), owner,
                robot.connectedAt(), robot.remoteAddress(), robot.running(), robot.instance(), robot.robotId())));
        return views;
    }

    /** The connection of the owner's managed robot {@code id} on any instance, if it is connected. */
    public Optional<RobotView> everywhere(UserId owner, RobotId id) {
        return everywhere(owner).stream().filter(view -> id.equals(view.robotId())).findFirst();
    }

    public synchronized int size() {
        return byConnection.size();
    }

    private void occupy(Slot slot, ExecutionId execution) {
        unindex(slot);
        slot.busyWith = execution;
        slot.adopted = false;
        slot.stoppedAt = null;
        byExecution.put(execution, slot);
        presence.running(slot.robot.connectionId(), execution);
    }

    private void free(Slot slot) {
        boolean wasBusy = clear(slot);
        if (wasBusy) {
            presence.idle(slot.robot.connectionId());
            if (slot.robot.managed() != null && slot.robot.managed().draining()) {
                drained.accept(slot.robot.managed());
            }
        }
    }

    private boolean clear(Slot slot) {
        unindex(slot);
        boolean wasBusy = slot.busyWith != null;
        if (wasBusy) {
            byExecution.remove(slot.busyWith, slot);
            stopped.remove(slot.busyWith, slot);
        }
        slot.busyWith = null;
        slot.stoppedAt = null;
        slot.idleSince = ++clock;
        index(slot);
        return wasBusy;
    }

    private void forget(Slot slot) {
        // out of its owner's connections first: clearing it then leaves it out of the idle indexes
        OwnerSlots mine = byOwner.get(slot.robot.owner());
        if (mine != null) {
            unindex(slot);
            mine.all.remove(slot.robot.connectionId(), slot);
            if (mine.all.isEmpty()) {
                byOwner.remove(slot.robot.owner());
            }
        }
        clear(slot);
        presence.disconnected(slot.robot.connectionId());
        Identity identity = Identity.of(slot.robot);
        if (identity != null) {
            byIdentity.remove(identity, slot);
        }
    }
}
