package org.astronrpa.openapi.domain.robot;

import java.util.Objects;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/**
 * Where an execution may run: on any robot of its owner ({@link #ANY}), on one robot ({@code {"robot_id": …}}) or on
 * any robot whose labels hold every pair of a selector ({@code {"labels": {…}}}, at least one pair).
 */
public record RobotTarget(RobotId robotId, RobotLabels labels) {
    public static final RobotTarget ANY = new RobotTarget(null, null);

    public RobotTarget {
        if (robotId != null && labels != null) {
            throw InvalidInput.of("target", "names either robot_id or labels, not both");
        }
        if (labels != null && labels.isEmpty()) {
            throw InvalidInput.of("target.labels", "must hold at least one label (omit target for any robot)");
        }
    }

    public static RobotTarget robot(RobotId id) {
        return new RobotTarget(Objects.requireNonNull(id, "id"), null);
    }

    public static RobotTarget labels(RobotLabels selector) {
        return new RobotTarget(null, Objects.requireNonNull(selector, "selector"));
    }

    public boolean isAny() {
        return robotId == null && labels == null;
    }

    /** Whether {@code robot}'s id or labels fit (an unnamed connection fits only {@link #ANY}: pass null). */
    public boolean matches(Robot robot) {
        if (isAny()) {
            return true;
        }
        if (robot == null) {
            return false;
        }
        return robotId != null ? robotId.equals(robot.id()) : robot.labels().matches(labels);
    }
}
