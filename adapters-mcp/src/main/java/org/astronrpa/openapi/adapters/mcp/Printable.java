package org.astronrpa.openapi.adapters.mcp;

/** A client's text (a method, a tool name, a protocol version), safe to quote in a message or a log line. */
final class Printable {
    private static final int MAX = 80;

    private Printable() {
    }

    /**
     * At most 80 characters (then "…"), each that is not a letter, a digit or one of {@code allowed} replaced by "?".
     *
     * @param allowed the punctuation kept, as characters of a regular expression's class
     */
    static String of(String text, String allowed) {
        String cut = text.length() > MAX ? text.substring(0, MAX) + "…" : text;
        return cut.replaceAll("[^\\p{L}\\p{N}" + allowed + "]", "?");
    }
}
