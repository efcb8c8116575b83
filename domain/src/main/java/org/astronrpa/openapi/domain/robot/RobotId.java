package org.astronrpa.openapi.domain.robot;

import java.util.regex.Pattern;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/**
 * The id of a robot, unique among its owner's robots (another user may have a robot of the same id: neither ever
 * learns of the other). A managed robot chooses it (a machine's stable id, say) or is given one when it enrolls;
 * 1..64 characters of ASCII letters, digits and {@code . _ : -}, starting with a letter or digit, so that it reads
 * the same in a URL path, a header and a label selector. Case matters.
 */
public record RobotId(String value) {
    public static final int MAX_LENGTH = 64;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    public RobotId {
        value = of("robot_id", value);
    }

    /** Checks {@code raw} as an id sent in {@code field}; the refusal names that field. */
    public static String of(String field, String raw) {
        if (raw == null || raw.isEmpty()) {
            throw InvalidInput.of(field, "is required");
        }
        if (raw.length() > MAX_LENGTH) {
            throw InvalidInput.of(field, "must have at most " + MAX_LENGTH + " characters (got " + raw.length() + ")");
        }
        if (!SHAPE.matcher(raw).matches()) {
            throw InvalidInput.of(field, "must be ASCII letters, digits and . _ : - starting with a letter or digit");
        }
        return raw;
    }

    @Override
    public String toString() {
        return value;
    }
}
