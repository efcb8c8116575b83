package org.astronrpa.openapi.domain.shared;

/** Length rules shared by the text value objects; lengths count Unicode code points, as MySQL does. */
public final class Text {
    private Text() {
    }

    /** Trims {@code raw} and checks {@code min..max} code points. */
    public static String trimmed(String field, String raw, int min, int max) {
        if (raw == null) {
            throw InvalidInput.of(field, "is required");
        }
        return bounded(field, raw.strip(), min, max);
    }

    /** Checks {@code min..max} code points without changing the text. */
    public static String bounded(String field, String value, int min, int max) {
        if (value == null) {
            throw InvalidInput.of(field, "is required");
        }
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            throw InvalidInput.of(field, min == 1 ? "must not be empty" : "must have at least " + min + " characters");
        }
        if (length > max) {
            throw InvalidInput.of(field, "must have at most " + max + " characters (got " + length + ")");
        }
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
            throw InvalidInput.of(field, "must not contain control characters");
        }
        return value;
    }
}
