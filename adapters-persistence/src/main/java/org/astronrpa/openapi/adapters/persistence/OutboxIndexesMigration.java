package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * V8: the outbox keeps only the indexes it reads by. Both of the dropped ones are keyed by random UUIDs, so each row
 * appended touched a page of them far from the last one: on H2 that page is rewritten whole at the next store, and
 * the two made an outbox row cost about as much to write as the execution it describes (issue 11's benchmark:
 * 51 KB written an execution with them, 32 KB without, 27 KB before the outbox; see docs/BENCHMARKS.md).
 * <ul>
 *   <li>{@code uq_outbox_event} (both databases): nothing looks a row up by its event id, and no event is appended
 *       twice — an event is made once, by the change that appends it in its own transaction (a retried change
 *       decides again and makes new events). Consumers deduplicate by event id in any case.</li>
 *   <li>{@code ix_outbox_aggregate} (H2 only): it finds the earlier unpublished rows of an aggregate held by other
 *       relays — there are none on H2, whose one instance is its only relay (REDIS_URL needs DATABASE_URL). The
 *       claim's ordering check reads the unpublished rows up to the claim's last id by
 *       {@code ix_outbox_unpublished} instead (see {@link JdbiOutbox}). MySQL/MariaDB keep it: instances share the
 *       database there.</li>
 * </ul>
 */
final class OutboxIndexesMigration extends DdlMigration {
    OutboxIndexesMigration(boolean embedded) {
        super(8, "outbox indexes it reads by", embedded);
    }

    @Override
    void apply(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            if (embedded) {
                ddl.execute("ALTER TABLE outbox DROP CONSTRAINT uq_outbox_event");
                ddl.execute("DROP INDEX ix_outbox_aggregate");
            } else {
                ddl.execute("ALTER TABLE outbox DROP INDEX uq_outbox_event");
            }
        }
    }
}
