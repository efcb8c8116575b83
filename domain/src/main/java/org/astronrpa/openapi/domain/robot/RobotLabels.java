package org.astronrpa.openapi.domain.robot;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/**
 * A robot's labels ({@code "os": "windows", "site": "lyon"}), or a target's label selector: at most
 * {@value #MAX_LABELS} pairs; a key is 1..63 characters of lower-case ASCII letters, digits and {@code . _ / -},
 * starting and ending with a letter or digit; a value 1..63 characters of ASCII letters, digits and {@code . _ -}.
 * Case matters in values, not in keys (there are no upper-case keys). Keys are kept sorted, so two sets of labels
 * are equal when they hold the same pairs.
 */
public record RobotLabels(Map<String, String> values) {
    public static final int MAX_LABELS = 20;
    public static final int MAX_LENGTH = 63;
    public static final RobotLabels NONE = new RobotLabels(Map.of());
    private static final Pattern KEY = Pattern.compile("[a-z0-9]([a-z0-9._/-]*[a-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._-]+");

    public RobotLabels {
        values = checked("labels", values);
    }

    /** Checks labels sent in {@code field}; a refusal names the offending label ({@code labels.os}). */
    public static RobotLabels of(String field, Map<String, String> raw) {
        return new RobotLabels(checked(field, raw));
    }

    private static Map<String, String> checked(String field, Map<String, String> raw) {
        if (raw == null) {
            throw InvalidInput.of(field, "is required");
        }
        if (raw.size() > MAX_LABELS) {
            throw InvalidInput.of(field, "must have at most " + MAX_LABELS + " labels (got " + raw.size() + ")");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        raw.forEach((key, value) -> {
            if (key == null || key.isEmpty() || key.length() > MAX_LENGTH || !KEY.matcher(key).matches()) {
                throw InvalidInput.of(field + "." + key, "a label key must be 1.." + MAX_LENGTH
                        + " lower-case ASCII letters, digits and . _ / -, starting and ending with a letter or digit");
            }
            if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !VALUE.matcher(value).matches()) {
                throw InvalidInput.of(field + "." + key, "a label value must be 1.." + MAX_LENGTH
                        + " ASCII letters, digits and . _ -");
            }
            sorted.put(key, value);
        });
        // kept sorted for whoever reads them in order, hashed for the lookups of matches()
        return Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sorted));
    }

    /** Whether these labels hold every pair of {@code selector} (an empty selector matches any robot). */
    public boolean matches(RobotLabels selector) {
        // a dispatch asks this of each of an owner's idle robots (thousands): no stream, hash lookups
        for (Map.Entry<String, String> pair : selector.values.entrySet()) {
            if (!pair.getValue().equals(values.get(pair.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
