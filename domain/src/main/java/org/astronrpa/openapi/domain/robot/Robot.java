package org.astronrpa.openapi.domain.robot;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * A robot its owner knows by id, connected or not: the record survives reconnects and restarts. What the robot
 * reports of itself (machine, client, version, capabilities) is refreshed at each connection; its name and labels are
 * what it asked for when first seen and afterwards only what its owner sets, so a reconnect never undoes an owner's
 * change. {@code revision} counts saved changes and guards against lost updates.
 */
public record Robot(RobotId id, UserId owner, String name, String machine, RobotLabels labels, String clientKind,
                    String clientVersion, List<String> capabilities, boolean draining, Instant firstSeen,
                    Instant lastSeen, long revision) {
    /**
     * The capability of a robot that confirms the stops it is sent: on a stop it ends the run and sends the {@code
     * execution}/{@code stopped} frame (API.md §5.1), which the integration contract takes as evidence.
     */
    public static final String STOP_CONFIRM = "stop-confirm";

    public Robot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(clientKind, "clientKind");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        capabilities = List.copyOf(capabilities);
        if (revision < 1) {
            throw new IllegalArgumentException("revision starts at 1");
        }
    }

    /** The record of a robot seen for the first time. */
    public static Robot newlySeen(UserId owner, RobotIdentity identity, Instant now) {
        return new Robot(identity.id(), owner, identity.name(), identity.machine(), identity.labels(),
                identity.clientKind(), identity.clientVersion(), identity.capabilities(), false, now, now, 1);
    }

    /** Connected again: what it reports of itself now, its name, labels and draining kept. */
    public Robot seenAgain(RobotIdentity identity, Instant now) {
        return new Robot(id, owner, name, identity.machine(), labels, identity.clientKind(), identity.clientVersion(),
                identity.capabilities(), draining, firstSeen, now, revision + 1);
    }

    /** Seen at {@code now} (a reply, a disconnect), nothing else changed. */
    public Robot seen(Instant now) {
        return new Robot(id, owner, name, machine, labels, clientKind, clientVersion, capabilities, draining,
                firstSeen, now.isAfter(lastSeen) ? now : lastSeen, revision + 1);
    }

    /** Its owner's changes. */
    public Robot apply(RobotChanges changes) {
        return new Robot(id, owner, changes.name() == null ? name : changes.name(), machine,
                changes.labels() == null ? labels : changes.labels(), clientKind, clientVersion, capabilities,
                changes.draining() == null ? draining : changes.draining(), firstSeen, lastSeen, revision + 1);
    }

    public boolean isOwnedBy(UserId user) {
        return owner.equals(user);
    }

    /** Whether it may be sent an execution with this target: not draining, and the target names it or its labels. */
    public boolean mayTake(RobotTarget target) {
        return !draining && target.matches(this);
    }

    /** Whether it said, when it last connected, that it confirms stops ({@link #STOP_CONFIRM}). */
    public boolean confirmsStops() {
        return capabilities.contains(STOP_CONFIRM);
    }
}
