package org.astronrpa.openapi.domain.robot;

import java.util.Objects;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/**
 * Where an execution may run: on any robot of its owner ({@link #ANY}), on one robot ({@code {"robot_id": …}}) or on
 * any robot whose labels hold every pair of a selector ({@code {"labels": {…}}}, at least one pair).
 */
public record RobotTarget(RobotId robotId, RobotLabels labels) {
    public static final RobotTarget ANY = new RobotTarget(null, null);
    /** At most this many pairs in a label selector (a robot has at most {@value RobotLabels#MAX_LABELS} labels). */
    public static final int MAX_SELECTOR_LABELS = 5;
    private static final String ROBOT_KEY = "robot:";
    private static final String LABELS_KEY = "labels:";

    public RobotTarget {
        if (robotId != null && labels != null) {
            throw InvalidInput.of("target", "names either robot_id or labels, not both");
        }
        if (labels != null && labels.isEmpty()) {
            throw InvalidInput.of("target.labels", "must hold at least one label (omit target for any robot)");
        }
        if (labels != null && labels.values().size() > MAX_SELECTOR_LABELS) {
            throw InvalidInput.of("target.labels", "must hold at most " + MAX_SELECTOR_LABELS + " labels (got "
                    + labels.values().size() + ")");
        }
    }

    /**
     * The target as one text, the same for equal targets whatever the order of their labels: {@code ""} for any
     * robot, {@code robot:<id>}, or {@code labels:k1=v1,k2=v2} with the keys sorted — at most 646 ASCII characters
     * (what the queue is grouped by).
     */
    public String key() {
        if (isAny()) {
            return "";
        }
        if (robotId != null) {
            return ROBOT_KEY + robotId.value();
        }
        StringBuilder key = new StringBuilder(LABELS_KEY);
        new java.util.TreeMap<>(labels.values()).forEach((k, v) -> {
            if (key.length() > LABELS_KEY.length()) {
                key.append(',');
            }
            key.append(k).append('=').append(v);
        });
        return key.toString();
    }

    /** The target whose {@link #key()} is {@code key}. */
    public static RobotTarget ofKey(String key) {
        if (key == null || key.isEmpty()) {
            return ANY;
        }
        if (key.startsWith(ROBOT_KEY)) {
            return robot(new RobotId(key.substring(ROBOT_KEY.length())));
        }
        if (!key.startsWith(LABELS_KEY)) {
            throw new IllegalArgumentException("not a target key: " + key);
        }
        java.util.Map<String, String> pairs = new java.util.LinkedHashMap<>();
        for (String pair : key.substring(LABELS_KEY.length()).split(",")) {
            int equals = pair.indexOf('=');
            pairs.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return labels(RobotLabels.of("target.labels", pairs));
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
