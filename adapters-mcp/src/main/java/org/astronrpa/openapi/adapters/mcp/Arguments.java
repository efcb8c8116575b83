package org.astronrpa.openapi.adapters.mcp;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import org.astronrpa.openapi.domain.shared.FieldErrors;

/**
 * Reads the arguments of a control tool by name and type, collecting every problem so that one answer names
 * all the wrong fields; {@link #check()} throws them as one {@code InvalidInput}.
 */
final class Arguments {
    private final Map<String, Object> raw;
    private final FieldErrors errors = new FieldErrors();

    Arguments(Map<String, Object> raw, Set<String> known) {
        this.raw = raw == null ? Map.of() : raw;
        this.raw.keySet().stream().filter(name -> !known.contains(name)).sorted()
                .forEach(name -> errors.add(name, "is not an argument of this tool (it takes " + String.join(", ",
                        known.stream().sorted().toList()) + ")"));
    }

    /** A string (or, where ids may be numbers, an integer given as one); {@code null} when absent and optional. */
    String text(String name, boolean required, boolean integerAllowed, int maxLength) {
        Object value = raw.get(name);
        if (value == null) {
            if (required) {
                errors.add(name, "is required");
            }
            return null;
        }
        if (integerAllowed && (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)) {
            return value.toString();
        }
        if (!(value instanceof String text)) {
            errors.add(name, "must be a string");
            return null;
        }
        if (text.isBlank() || text.length() > maxLength) {
            errors.add(name, "must be 1 to " + maxLength + " characters");
            return null;
        }
        return text;
    }

    /** A whole number within bounds, or {@code fallback} when absent. */
    Integer integer(String name, int min, int max, Integer fallback) {
        Object value = raw.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString());
            if (decimal.stripTrailingZeros().scale() <= 0 && decimal.compareTo(BigDecimal.valueOf(min)) >= 0
                    && decimal.compareTo(BigDecimal.valueOf(max)) <= 0) {
                return decimal.intValue();
            }
        }
        errors.add(name, "must be an integer from " + min + " to " + max);
        return null;
    }

    /** A JSON object, or {@code null} when absent. */
    @SuppressWarnings("unchecked")
    Map<String, Object> object(String name) {
        Object value = raw.get(name);
        if (value == null || value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        errors.add(name, "must be a JSON object");
        return null;
    }

    /**
     * Which of the caller's robots may run the execution: absent for any, {@code {"robot_id": …}} or
     * {@code {"labels": {…}}}; a refusal names the member ({@code target.robot_id}, {@code target.labels.os}).
     */
    org.astronrpa.openapi.domain.robot.RobotTarget target(String name) {
        Object value = raw.get(name);
        if (value == null) {
            return org.astronrpa.openapi.domain.robot.RobotTarget.ANY;
        }
        if (!(value instanceof Map<?, ?> target) || target.size() != 1
                || !(target.containsKey("robot_id") || target.containsKey("labels"))) {
            errors.add(name, "must be {\"robot_id\": \"…\"} or {\"labels\": {\"key\": \"value\", …}}");
            return null;
        }
        if (target.get("robot_id") instanceof String id) {
            return errors.collect(() -> org.astronrpa.openapi.domain.robot.RobotTarget.robot(
                    new org.astronrpa.openapi.domain.robot.RobotId(
                            org.astronrpa.openapi.domain.robot.RobotId.of(name + ".robot_id", id))));
        }
        if (target.get("labels") instanceof Map<?, ?> labels) {
            Map<String, String> pairs = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> label : labels.entrySet()) {
                if (!(label.getValue() instanceof String text)) {
                    errors.add(name + ".labels." + label.getKey(), "must be a string");
                    return null;
                }
                pairs.put(String.valueOf(label.getKey()), text);
            }
            return errors.collect(() -> new org.astronrpa.openapi.domain.robot.RobotTarget(null,
                    org.astronrpa.openapi.domain.robot.RobotLabels.of(name + ".labels", pairs)));
        }
        errors.add(name + (target.containsKey("robot_id") ? ".robot_id" : ".labels"),
                target.containsKey("robot_id") ? "must be a string" : "must be an object of strings");
        return null;
    }

    /** One of {@code allowed}, or {@code null} when absent. */
    String oneOf(String name, Set<String> allowed) {
        Object value = raw.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof String text && allowed.contains(text)) {
            return text;
        }
        errors.add(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        return null;
    }

    /** Throws every problem found so far. */
    void check() {
        errors.throwIfAny();
    }
}
