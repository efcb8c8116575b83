package org.astronrpa.openapi.domain.workflow;

import org.astronrpa.openapi.domain.shared.Text;

/**
 * The caller-chosen, globally unique id of a workflow (the astron-rpa project id); trimmed, 1..100 characters.
 * Two ids are the same workflow when their {@link #key() keys} are equal: case is ignored, nothing else is.
 */
public record ProjectId(String value) {
    public static final int MAX_LENGTH = 100;
    /**
     * The id no new workflow may take: {@code GET /workflows/integration} is the description of upstream astron-rpa's
     * integration contract (issue 17), which would hide such a workflow's own read.
     */
    public static final String RESERVED = "integration";

    public ProjectId {
        value = Text.trimmed("project_id", value, 1, MAX_LENGTH);
    }

    /**
     * The id as it is compared: each code point case-folded (upper then lower case, as {@code equalsIgnoreCase}
     * does), so {@code P-1} and {@code p-1} are one id while {@code café} and {@code cafe}, or {@code 🤖-bot} and
     * {@code 🦾-bot}, stay apart. As many code points as the id.
     */
    public String key() {
        return keyOf(value);
    }

    /** Whether this is {@link #RESERVED} (in any case): no new workflow takes it. */
    public boolean isReserved() {
        return key().equals(RESERVED);
    }

    /** {@link #key()} of any text, valid id or not (stored rows are keyed with it by a migration). */
    public static String keyOf(String id) {
        StringBuilder key = new StringBuilder(id.length());
        id.codePoints().forEach(c -> key.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
        return key.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
