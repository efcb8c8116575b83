package org.astronrpa.openapi.adapters.persistence;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets aside the outbox rows that cannot be read back as events (V7), so that one such row never stops the relays:
 * the row keeps its text, gains {@code quarantined_at}, a short reason and the relay that met it, and is neither
 * claimed nor purged again. Each is logged once, as an ERROR, after the claim that set it aside committed.
 */
final class OutboxQuarantine {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxQuarantine.class);
    /** The width of {@code quarantine_reason}, in characters. */
    static final int REASON_LENGTH = 255;

    /** A row set aside, and why. */
    record SetAside(long position, String type, String aggregateType, String aggregateId, String reason) {
    }

    private OutboxQuarantine() {
    }

    /** Why a row of {@code type} could not be read: {@code unknown type …} or {@code unreadable …}, one short line. */
    static String reason(String type, RuntimeException failure) {
        String why = failure instanceof OutboxJson.UnknownType
                ? "unknown type " + type
                : "unreadable " + type + ": " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
        String line = why.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
        return line.codePointCount(0, line.length()) <= REASON_LENGTH
                ? line
                : line.substring(0, line.offsetByCodePoints(0, REASON_LENGTH));
    }

    /** Marks {@code rows} quarantined by {@code relay} at {@code now}, in the claim's transaction. */
    static void store(Handle handle, List<SetAside> rows, String relay, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("""
                UPDATE outbox SET quarantined_at = :now, quarantine_reason = :reason, claimed_by = :relay,
                                  claimed_until = NULL
                 WHERE id = :id""");
        for (SetAside row : rows) {
            batch.bind("now", UtcTimes.column(now)).bind("reason", row.reason()).bind("relay", relay)
                    .bind("id", row.position()).add();
        }
        batch.execute();
    }

    /** One ERROR for each row set aside. */
    static void log(String relay, List<SetAside> rows) {
        for (SetAside row : rows) {
            LOG.error("outbox relay {}: quarantined outbox row {} ({} of {} {}), {}; it is not delivered unless "
                            + "requeued, later events (of its aggregate too) go on: see README, Operations",
                    relay, row.position(), row.type(), row.aggregateType(), row.aggregateId(), row.reason());
        }
    }
}
