package org.astronrpa.openapi.domain.schedule;

import java.util.Locale;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/** What an occurrence does while the schedule's previous run is still PENDING or RUNNING. */
public enum Overlap {
    /** It is recorded as skipped (the default). */
    SKIP,
    /** It waits for the previous run to end, then fires; while one waits, further ones are skipped. */
    BUFFER_ONE,
    /** It fires anyway: runs may overlap. */
    ALLOW;

    /** As sent ({@code skip}, {@code buffer_one}, {@code allow}); refusals name {@code field}. */
    public static Overlap of(String field, String text) {
        if (text == null) {
            return SKIP;
        }
        for (Overlap overlap : values()) {
            if (overlap.wire().equals(text)) {
                return overlap;
            }
        }
        throw InvalidInput.of(field, "must be one of skip, buffer_one, allow (got '" + text + "')");
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
