package org.astronrpa.openapi.domain.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/**
 * When a schedule's occurrences fall: on the wall clock of a time zone ({@link Cron}), or every so many seconds from
 * an anchor ({@link Every}). Fire times come from this alone — never from when the previous run ended — so they do
 * not drift.
 */
public sealed interface Recurrence {
    /** The longest interval: a year. */
    long MAX_INTERVAL_SECONDS = 366L * 24 * 3600;

    /** The first occurrence strictly after {@code after}, if any. */
    Optional<Instant> nextAfter(Instant after);

    /**
     * Occurrences on a wall clock. A wall time that does not exist (the clock jumps forward over it) falls at the end
     * of the jump, the first instant that exists after it — once, however many of the skipped times match. A wall time
     * that happens twice (the clock goes back) falls once, the first time.
     */
    record Cron(CronExpression expression, ZoneId zone) implements Recurrence {
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            ZoneRules rules = zone.getRules();
            LocalDateTime wall = LocalDateTime.ofInstant(after, zone);
            // a wall time seen twice maps to its first instant, which may lie before `after`: look further
            for (int guard = 0; guard < 10_000; guard++) {
                Optional<LocalDateTime> match = expression.nextAfter(wall);
                if (match.isEmpty()) {
                    return Optional.empty();
                }
                Instant at = instantOf(match.get(), rules);
                if (at.isAfter(after)) {
                    return Optional.of(at);
                }
                wall = match.get();
            }
            throw new IllegalStateException("no occurrence of " + expression + " in " + zone + " after " + after);
        }

        private static Instant instantOf(LocalDateTime wall, ZoneRules rules) {
            List<ZoneOffset> offsets = rules.getValidOffsets(wall);
            if (offsets.isEmpty()) {
                return rules.getTransition(wall).getInstant();   // the end of the jump forward
            }
            // twice: the first time, under the offset in force before the clock went back
            ZoneOffset offset = offsets.size() == 1 ? offsets.get(0) : rules.getTransition(wall).getOffsetBefore();
            return wall.toInstant(offset);
        }
    }

    /** Occurrences every {@code every} from {@code anchor} (the anchor itself is one). */
    record Every(Duration every, Instant anchor) implements Recurrence {
        public Every {
            Objects.requireNonNull(every, "every");
            Objects.requireNonNull(anchor, "anchor");
            if (every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException("an interval must be positive");
            }
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            if (after.isBefore(anchor)) {
                return Optional.of(anchor);
            }
            long periods = Duration.between(anchor, after).toNanos() / every.toNanos() + 1;
            return Optional.of(anchor.plus(every.multipliedBy(periods)));
        }
    }

    /** The time zone named {@code name} (IANA, such as {@code Europe/Paris}); refusals name {@code field}. */
    static ZoneId zone(String field, String name) {
        if (name == null || name.isBlank()) {
            throw InvalidInput.of(field, "is required: an IANA time zone such as Europe/Paris or UTC");
        }
        try {
            return ZoneId.of(name.trim());
        } catch (DateTimeException e) {
            throw InvalidInput.of(field, "unknown time zone '" + name.trim() + "' (an IANA name such as Europe/Paris)");
        }
    }
}
