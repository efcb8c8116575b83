package org.astronrpa.openapi.domain.execution;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.Text;

/**
 * One line a robot streamed while running an execution; {@code seq} orders the lines of one execution from 1.
 * Messages longer than {@link #MAX_MESSAGE} UTF-16 units are cut (ending in "…") at a character boundary.
 */
public record LogLine(ExecutionId executionId, long seq, Instant time, String level, String message) {
    public static final int MAX_MESSAGE = 8_192;

    public LogLine {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(time, "time");
        level = level == null || level.isBlank() ? "INFO" : level.strip().toUpperCase(Locale.ROOT);
        level = level.length() > 16 ? level.substring(0, 16) : level;
        message = message == null ? "" : message;
        if (message.length() > MAX_MESSAGE) {
            int cut = MAX_MESSAGE - 1;
            if (Character.isHighSurrogate(message.charAt(cut - 1))) {
                cut--; // never split a character made of two UTF-16 units (emoji)
            }
            message = message.substring(0, cut) + "…";
        }
        Text.bounded("level", level, 1, 16);
    }
}
