package org.astronrpa.openapi.domain.shared;

/**
 * Length and character rules shared by the text value objects; lengths count Unicode code points, as MySQL does.
 * No text may hold an unpaired UTF-16 surrogate (a database stores it as {@code ?}); one-line texts (ids, names)
 * may not hold control characters or line and paragraph separators either, multi-line ones only TAB, LF and CR.
 */
public final class Text {
    private Text() {
    }

    /** Trims {@code raw} and checks {@code min..max} code points and that it is one line of printable text. */
    public static String trimmed(String field, String raw, int min, int max) {
        if (raw == null) {
            throw InvalidInput.of(field, "is required");
        }
        String value = bounded(field, raw.strip(), min, max);
        value.codePoints().filter(Text::breaksALine).findFirst().ifPresent(c -> {
            throw InvalidInput.of(field, "must be one line without control characters (found U+"
                    + String.format(java.util.Locale.ROOT, "%04X", c) + ")");
        });
        return value;
    }

    /** Control characters (C0, DEL, C1 with NEL), and the Unicode line and paragraph separators. */
    private static boolean breaksALine(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
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
        if (value.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r')) {
            throw InvalidInput.of(field, "must not contain control characters");
        }
        if (value.codePoints().anyMatch(c -> Character.getType(c) == Character.SURROGATE)) {
            throw InvalidInput.of(field, "must not contain an unpaired UTF-16 surrogate (such as the escape \\ud800)");
        }
        return value;
    }
}
