package org.astronrpa.openapi.adapters.persistence;

import java.util.List;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** One owner's workflows matching a filter: the true count and one page, newest first, by number or after a position. */
final class WorkflowListQuery {
    /** Not {@code \}: MySQL also reads a backslash as an escape in literals, H2 does not. */
    private static final char ESCAPE = '!';
    /** {@link WorkflowRows#COLUMNS} of the workflows table joined as {@code w}. */
    private static final String JOINED_COLUMNS = java.util.Arrays.stream(WorkflowRows.COLUMNS.split(","))
            .map(column -> "w." + column.strip()).collect(java.util.stream.Collectors.joining(", "));

    private final UserId owner;
    private final WorkflowFilter filter;
    private final String conditions;

    WorkflowListQuery(UserId owner, WorkflowFilter filter) {
        this.owner = owner;
        this.filter = filter;
        this.conditions = "user_id = :owner"
                + (filter.status() == null ? "" : " AND status = :status")
                + (filter.query() == null ? ""
                        : " AND (name LIKE :pattern ESCAPE '" + ESCAPE + "' OR english_name LIKE :pattern ESCAPE '" + ESCAPE + "')")
                // an API key's allow-list: its stored rows (V22), probed by primary key for each candidate row; a list
                // given as such (at most 1,000 keys) is bound one by one
                + (filter.allowListOf() != null ? " AND EXISTS (SELECT 1 FROM api_key_workflows a"
                        + " WHERE a.key_id = :allowListOf AND a.project_key = workflows.project_key)"
                        : filter.keys() == null ? "" : " AND project_key IN (<keys>)");
    }

    /**
     * The page, newest first by creation time then project key (exact: ids that differ only in ways MariaDB's
     * collation ignores still have an order), one more row to know whether another page follows.
     */
    Page<Workflow> run(Jdbi jdbi, PageRequest page, RowMapper<Workflow> rows) {
        Counted[] counted = new Counted[1];
        Page<Workflow> found = jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            long total;
            if (keptTotal()) {
                counted[0] = keptTotalOf(handle);
                total = counted[0].total();
            } else {
                total = count(handle);
            }
            Query query = bound(handle.createQuery(filter.allowListOf() != null ? allowListPage(page)
                    : "SELECT " + WorkflowRows.COLUMNS + " FROM workflows WHERE " + conditions
                    + (page.after() == null ? ""
                            : " AND created_at <= :afterTime AND (created_at < :afterTime OR project_key < :afterKey)")
                    + " ORDER BY created_at DESC, project_key DESC LIMIT :limit OFFSET :offset"));
            if (page.after() != null) {
                query.bind("afterTime", UtcTimes.column(page.after().time())).bind("afterKey", page.after().id());
            }
            List<Workflow> window = query.bind("limit", page.pageSize() + 1)
                    .bind("offset", page.offset())
                    .map(rows)
                    .list();
            return Page.ofWindow(total, page, window, w -> new Position(w.createdAt(), w.projectId().key()));
        });
        if (counted[0] != null && !counted[0].kept()) {
            keep(jdbi, counted[0]);
        }
        return found;
    }

    /**
     * A page of an allow-listed key's list, walking the key's own allow-list rows newest first by their workflows'
     * creation (V25) and reading only the page's workflows: the same rows, in the same order, as the owner's list
     * narrowed row by row (a row is dated only while the key's owner has that workflow).
     */
    private String allowListPage(PageRequest page) {
        return "SELECT " + JOINED_COLUMNS + " FROM api_key_workflows a JOIN workflows w ON w.project_key = a.project_key"
                // no "created_at IS NOT NULL": a row without a date has no workflow of the owner's to join, and the
                // condition would keep H2 from reading the index in order (as naming key_id in ORDER BY lets it)
                + " WHERE a.key_id = :allowListOf AND w.user_id = :owner"
                + (filter.status() == null ? "" : " AND w.status = :status")
                + (filter.query() == null ? "" : " AND (w.name LIKE :pattern ESCAPE '" + ESCAPE
                        + "' OR w.english_name LIKE :pattern ESCAPE '" + ESCAPE + "')")
                + (page.after() == null ? "" : " AND a.created_at <= :afterTime"
                        + " AND (a.created_at < :afterTime OR a.project_key < :afterKey)")
                + " ORDER BY a.key_id DESC, a.created_at DESC, a.project_key DESC LIMIT :limit OFFSET :offset";
    }

    private long count(Handle handle) {
        return bound(handle.createQuery("SELECT COUNT(*) AS total FROM workflows WHERE " + conditions))
                .mapTo(Long.class)
                .one();
    }

    /**
     * Whether the total is one kept per key (V24): an allow-listed key's whole list, whose count would otherwise probe
     * the allow-list for each of the owner's workflows. Filtered lists are counted (their filters narrow the rows).
     */
    private boolean keptTotal() {
        return filter.allowListOf() != null && filter.status() == null && filter.query() == null;
    }

    /** A key's total as counted at its revision and the owner's generation, and whether it was kept already. */
    private record Counted(String keyId, long keyRevision, long generation, long total, boolean kept) {
    }

    /**
     * The key's total, kept if it was counted at the key's revision and the owner's generation as this transaction
     * reads them, else counted now. The generation is read first: a count made after it is at least as new, so that a
     * total kept with an older generation is never taken for a newer one.
     */
    private Counted keptTotalOf(Handle handle) {
        String keyId = filter.allowListOf();
        // one statement, one round trip: the generation, the key's revision, and the total kept at both, if any
        Counted read = handle.createQuery("""
                        SELECT COALESCE((SELECT generation FROM workflow_generations WHERE user_id = :owner), 0)
                                   AS generation,
                               COALESCE((SELECT revision FROM api_keys WHERE id = :key), -1) AS revision,
                               (SELECT t.total FROM api_key_list_totals t
                                 WHERE t.key_id = :key
                                   AND t.key_revision = COALESCE((SELECT revision FROM api_keys WHERE id = :key), -1)
                                   AND t.generation = COALESCE(
                                       (SELECT generation FROM workflow_generations WHERE user_id = :owner), 0))
                                   AS kept""")
                .bind("owner", owner.value()).bind("key", keyId)
                .map((row, ctx) -> {
                    long kept = row.getLong("kept");
                    boolean held = !row.wasNull();
                    return new Counted(keyId, row.getLong("revision"), row.getLong("generation"), kept, held);
                })
                .one();
        return read.kept() ? read
                : new Counted(keyId, read.keyRevision(), read.generation(), count(handle), false);
    }

    /**
     * Keeps a total counted now, for the next lists (its own statement, after the list's transaction): the last
     * writer wins, and a total of an older revision or generation is simply counted again by the list that meets it.
     */
    private static void keep(Jdbi jdbi, Counted counted) {
        try {
            jdbi.useHandle(handle -> {
                int updated = handle.createUpdate("""
                                UPDATE api_key_list_totals SET key_revision = :revision, generation = :generation,
                                       total = :total WHERE key_id = :key""")
                        .bind("key", counted.keyId()).bind("revision", counted.keyRevision())
                        .bind("generation", counted.generation()).bind("total", counted.total()).execute();
                if (updated == 0) {
                    handle.createUpdate("""
                                    INSERT INTO api_key_list_totals (key_id, key_revision, generation, total)
                                    VALUES (:key, :revision, :generation, :total)""")
                            .bind("key", counted.keyId()).bind("revision", counted.keyRevision())
                            .bind("generation", counted.generation()).bind("total", counted.total()).execute();
                }
            });
        } catch (RuntimeException e) {
            // another list kept one first, or the database refused: the next list counts again
        }
    }

    private Query bound(Query query) {
        query.bind("owner", owner.value());
        if (filter.status() != null) {
            query.bind("status", filter.status().code());
        }
        if (filter.query() != null) {
            query.bind("pattern", "%" + escapeLike(filter.query()) + "%");
        }
        if (filter.allowListOf() != null) {
            query.bind("allowListOf", filter.allowListOf());
        } else if (filter.keys() != null) {
            query.bindList("keys", List.copyOf(filter.keys()));
        }
        return query;
    }

    static String escapeLike(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (c == ESCAPE || c == '%' || c == '_') {
                escaped.append(ESCAPE);
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
