package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ids that must compare exactly stay exact on a new H2 database, also in the tables a Java migration rebuilt
 * (V7 adds the outbox's quarantine columns through {@link H2Ddl}). A connection opened during that migration would
 * apply the URL's IGNORECASE=TRUE to the whole database and turn the rebuilt columns case-insensitive: the pool
 * keeps no connection idle until the migrations are done.
 */
class H2ExactColumnsTest {
    @TempDir
    Path dataDir;

    @Test
    void theOutboxIdsAreExactAfterTheMigrations() {
        try (Database database = Database.open(PersistenceConfig.embedded(dataDir))) {
            List<Map<String, Object>> columns = database.jdbi().withHandle(handle -> handle.createQuery("""
                            SELECT column_name, data_type FROM information_schema.columns
                             WHERE table_name = 'outbox'
                               AND column_name IN ('event_id', 'aggregate_id', 'claimed_by', 'event_type')
                             ORDER BY column_name""")
                    .mapToMap()
                    .list());

            assertEquals(4, columns.size(), columns::toString);
            for (Map<String, Object> column : columns) {
                String type = String.valueOf(column.get("data_type")).toUpperCase(Locale.ROOT);
                boolean ignoresCase = type.contains("IGNORECASE");
                // event_type is ordinary text, case-insensitive like every such column: the check can tell
                assertEquals(column.get("column_name").equals("event_type"), ignoresCase, columns::toString);
            }
        }
    }
}
