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
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The robot connections this instance holds, and which execution each one is running. A connection runs
 * one execution at a time; idle connections are handed out longest-idle first, so work spreads over robots.
 * Connections are indexed by owner and by the execution they run, so no operation looks at other users'
 * robots (an instance holds tens of thousands of them).
 */
public final class RobotRegistry {

    /** A connected robot as the protocol adapter announced it. */
    public record Robot(String connectionId, UserId owner, Instant connectedAt, String remoteAddress,
                        RobotChannel channel) {
    }

    /** What {@code GET /robots} shows of a connection. */
    public record RobotView(String connectionId, UserId owner, Instant connectedAt, String remoteAddress,
                            ExecutionId busyWith, String instance) {
    }

    private static final class Slot {
        final Robot robot;
        ExecutionId busyWith;
        boolean adopted;
        Instant stoppedAt;
        long idleSince;

        Slot(Robot robot, long idleSince) {
            this.robot = robot;
            this.idleSince = idleSince;
        }
    }

    private final Map<String, Slot> byConnection = new HashMap<>();
    private final Map<UserId, Map<String, Slot>> byOwner = new HashMap<>();
    private final Map<ExecutionId, Slot> byExecution = new HashMap<>();
    private final Map<ExecutionId, Slot> stopped = new LinkedHashMap<>();
    private final RobotPresence presence;
    private final String self;
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
        register(robot);
        return adopt(robot.connectionId(), unanswered);
    }

    private void register(Robot robot) {
        Slot slot = new Slot(robot, ++clock);
        Slot previous = byConnection.put(robot.connectionId(), slot);
        if (previous != null) {
            forget(previous);
        }
        byOwner.computeIfAbsent(robot.owner(), o -> new LinkedHashMap<>()).put(robot.connectionId(), slot);
        presence.connected(robot.connectionId(), robot.owner(), robot.connectedAt(), robot.remoteAddress());
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
            if (!byExecution.containsKey(candidate)) {
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
        forget(slot);
        return Optional.ofNullable(running);
    }

    public synchronized Optional<Robot> find(String connectionId) {
        Slot slot = byConnection.get(connectionId);
        return slot == null ? Optional.empty() : Optional.of(slot.robot);
    }

    /** Takes the owner's longest-idle connection and marks it busy with {@code execution}. */
    public synchronized Optional<Robot> claimIdle(UserId owner, ExecutionId execution) {
        Map<String, Slot> mine = byOwner.get(owner);
        if (mine == null) {
            return Optional.empty();
        }
        Slot idle = null;
        for (Slot slot : mine.values()) {
            if (slot.busyWith == null && (idle == null || slot.idleSince < idle.idleSince)) {
                idle = slot;
            }
        }
        if (idle == null) {
            return Optional.empty();
        }
        occupy(idle, execution);
        return Optional.of(idle.robot);
    }

    /** Whether the owner has a connection here that could take an execution now. */
    public synchronized boolean hasIdle(UserId owner) {
        Map<String, Slot> mine = byOwner.get(owner);
        return mine != null && mine.values().stream().anyMatch(slot -> slot.busyWith == null);
    }

    /** The connection that was running {@code execution} is free again; returns its owner if it is still here. */
    public synchronized Optional<UserId> release(ExecutionId execution) {
        Slot slot = byExecution.get(execution);
        if (slot == null) {
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
        Map<String, Slot> mine = byOwner.get(owner);
        return mine != null && !mine.isEmpty();
    }

    /** The owner's connections, oldest first. */
    public synchronized List<RobotView> of(UserId owner) {
        Map<String, Slot> mine = byOwner.get(owner);
        if (mine == null) {
            return List.of();
        }
        List<RobotView> views = new ArrayList<>(mine.size());
        mine.values().forEach(slot -> views.add(new RobotView(slot.robot.connectionId(), owner,
                slot.robot.connectedAt(), slot.robot.remoteAddress(), slot.busyWith, self)));
        return views;
    }

    /** The owner's connections here, then those other instances hold. */
    public List<RobotView> everywhere(UserId owner) {
        List<RobotView> views = new ArrayList<>(of(owner));
        presence.elsewhere(owner).forEach(robot -> views.add(new RobotView(robot.connectionId(), owner,
                robot.connectedAt(), robot.remoteAddress(), robot.running(), robot.instance())));
        return views;
    }

    public synchronized int size() {
        return byConnection.size();
    }

    private void occupy(Slot slot, ExecutionId execution) {
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
        }
    }

    private boolean clear(Slot slot) {
        boolean wasBusy = slot.busyWith != null;
        if (wasBusy) {
            byExecution.remove(slot.busyWith, slot);
            stopped.remove(slot.busyWith, slot);
        }
        slot.busyWith = null;
        slot.stoppedAt = null;
        slot.idleSince = ++clock;
        return wasBusy;
    }

    private void forget(Slot slot) {
        clear(slot);
        presence.disconnected(slot.robot.connectionId());
        Map<String, Slot> mine = byOwner.get(slot.robot.owner());
        if (mine != null) {
            mine.remove(slot.robot.connectionId(), slot);
            if (mine.isEmpty()) {
                byOwner.remove(slot.robot.owner());
            }
        }
    }
}
