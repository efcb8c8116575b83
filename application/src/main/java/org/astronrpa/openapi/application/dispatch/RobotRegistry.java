package org.astronrpa.openapi.application.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * The robot connections this instance holds, and which execution each one is running. A connection runs
 * one execution at a time; idle connections are handed out longest-idle first, so work spreads over robots.
 */
public final class RobotRegistry {

    /** A connected robot as the protocol adapter announced it. */
    public record Robot(String connectionId, UserId owner, Instant connectedAt, String remoteAddress,
                        RobotChannel channel) {
    }

    /** What {@code GET /robots} shows of a connection. */
    public record RobotView(String connectionId, UserId owner, Instant connectedAt, String remoteAddress,
                            ExecutionId busyWith) {
    }

    private static final class Slot {
        final Robot robot;
        ExecutionId busyWith;
        Instant stoppedAt;
        long idleSince;

        Slot(Robot robot, long idleSince) {
            this.robot = robot;
            this.idleSince = idleSince;
        }
    }

    private final Map<String, Slot> byConnection = new LinkedHashMap<>();
    private long clock;

    public synchronized void connected(Robot robot) {
        byConnection.put(robot.connectionId(), new Slot(robot, ++clock));
    }

    /**
     * The robot running {@code execution} was told to stop, but robots may ignore that: its connection stays
     * busy until the robot's late reply, or until {@link #releaseStoppedBefore} gives up on it.
     */
    public synchronized void stopping(ExecutionId execution, Instant at) {
        byConnection.values().stream().filter(slot -> execution.equals(slot.busyWith))
                .forEach(slot -> slot.stoppedAt = at);
    }

    /** Frees connections told to stop at or before {@code before} that never replied; returns their owners. */
    public synchronized List<UserId> releaseStoppedBefore(Instant before) {
        List<UserId> owners = new ArrayList<>();
        for (Slot slot : byConnection.values()) {
            if (slot.busyWith != null && slot.stoppedAt != null && !slot.stoppedAt.isAfter(before)) {
                slot.busyWith = null;
                slot.stoppedAt = null;
                slot.idleSince = ++clock;
                owners.add(slot.robot.owner());
            }
        }
        return owners;
    }

    /** Forgets the connection; returns the execution it was running, if any (it stays RUNNING). */
    public synchronized Optional<ExecutionId> disconnected(String connectionId) {
        Slot slot = byConnection.remove(connectionId);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.busyWith);
    }

    public synchronized Optional<Robot> find(String connectionId) {
        Slot slot = byConnection.get(connectionId);
        return slot == null ? Optional.empty() : Optional.of(slot.robot);
    }

    /** Takes the owner's longest-idle connection and marks it busy with {@code execution}. */
    public synchronized Optional<Robot> claimIdle(UserId owner, ExecutionId execution) {
        Optional<Slot> idle = byConnection.values().stream()
                .filter(slot -> slot.robot.owner().equals(owner) && slot.busyWith == null)
                .min(Comparator.comparingLong(slot -> slot.idleSince));
        idle.ifPresent(slot -> slot.busyWith = execution);
        return idle.map(slot -> slot.robot);
    }

    /** The connection that was running {@code execution} is free again; returns its owner if it is still here. */
    public synchronized Optional<UserId> release(ExecutionId execution) {
        for (Slot slot : byConnection.values()) {
            if (execution.equals(slot.busyWith)) {
                slot.busyWith = null;
                slot.stoppedAt = null;
                slot.idleSince = ++clock;
                return Optional.of(slot.robot.owner());
            }
        }
        return Optional.empty();
    }

    /** The connection currently running {@code execution}, if this instance holds it. */
    public synchronized Optional<Robot> runnerOf(ExecutionId execution) {
        return byConnection.values().stream().filter(slot -> execution.equals(slot.busyWith))
                .map(slot -> slot.robot).findFirst();
    }

    public synchronized boolean hasRobot(UserId owner) {
        return byConnection.values().stream().anyMatch(slot -> slot.robot.owner().equals(owner));
    }

    public synchronized List<RobotView> of(UserId owner) {
        List<RobotView> views = new ArrayList<>();
        byConnection.values().stream().filter(slot -> slot.robot.owner().equals(owner)).forEach(slot -> views.add(
                new RobotView(slot.robot.connectionId(), owner, slot.robot.connectedAt(), slot.robot.remoteAddress(),
                        slot.busyWith)));
        return views;
    }

    public synchronized int size() {
        return byConnection.size();
    }
}
