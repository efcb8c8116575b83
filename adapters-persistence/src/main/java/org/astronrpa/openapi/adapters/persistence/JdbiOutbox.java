package org.astronrpa.openapi.adapters.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.Update;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The outbox in the {@code outbox} table (V6). Appends join the transaction in progress on this thread
 * ({@link JdbiTransactions}); a leased append costs one more query, which finds the aggregates held back by an
 * earlier unpublished row outside the lease. A claim is one short transaction: it locks the oldest free rows with
 * {@code FOR UPDATE SKIP LOCKED} (so concurrent relays each lock different rows and never wait for each other),
 * keeps of them only the rows whose aggregate has no earlier unpublished row outside the claim, and leases those
 * to the relay. Earlier rows that another relay locked but has not leased yet are still unpublished, so they
 * hold the later rows of their aggregate back too. A row that cannot be read back as an event is quarantined in the
 * claim's transaction ({@link OutboxQuarantine}) and holds nothing back.
 */
public final class JdbiOutbox implements Outbox {
    private static final String FREE = """
            SELECT id, event_id, event_type, aggregate_type, aggregate_id, payload FROM outbox
             WHERE published_at IS NULL AND quarantined_at IS NULL AND id > :after
               AND (claimed_until IS NULL OR claimed_until < :now)
             ORDER BY id
             LIMIT :limit
               FOR UPDATE SKIP LOCKED""";

    private static final String INSERT = """
            INSERT INTO outbox (event_id, event_type, aggregate_type, aggregate_id, sequence_no, payload, created_at,
                                claimed_by, claimed_until)
            VALUES """;

    /** The values of one row of {@link #INSERT}, its parameters named with {@code #} replaced by the row's number. */
    private static final String ROW = """
            (:eventId#, :type#, :aggregateType#, :aggregateId#, :sequence#, :payload#, :createdAt#, :claimedBy#,
             :claimedUntil#)""";

    /** The INSERTs of one to four rows, made once: a change records one to three events. */
    private static final List<String> INSERTS = IntStream.rangeClosed(1, 4).mapToObj(JdbiOutbox::insertOf).toList();

    /** The aggregates with an unpublished row not leased to {@code :relay} ({@link #heldBackFrom}). */
    static final String HELD_BACK = """
            SELECT aggregate_type, aggregate_id FROM outbox <byAggregate>
             WHERE aggregate_id IN (<aggregates>) AND published_at IS NULL AND quarantined_at IS NULL
               AND (claimed_by IS NULL OR claimed_by <> :relay)""";

    /** The unpublished rows of some aggregates up to a claim's last id ({@link #inOrder}). */
    static final String EARLIER_UNPUBLISHED = """
            SELECT id, aggregate_type, aggregate_id FROM outbox <byAggregate>
             WHERE aggregate_id IN (<aggregates>) AND published_at IS NULL AND quarantined_at IS NULL
               AND id <= :last""";

    private record Row(long id, String aggregateType, String aggregateId, String type, String payload) {
        String aggregate() {
            return JdbiOutbox.aggregate(aggregateType, aggregateId);
        }
    }

    /** What one claim gave, and the rows it set aside. */
    private record Claim(List<Entry> entries, List<OutboxQuarantine.SetAside> setAside) {
    }

    private final Jdbi jdbi;
    /** How the aggregate lookups name their index: MySQL/MariaDB only, H2 has none (see OutboxIndexesMigration). */
    private final String byAggregate;
    /** A change's events are one INSERT: see {@link #append(List, Lease)}. */
    private final boolean oneInsert;

    /**
     * @param embedded H2, whose one instance is its only relay: the outbox has no aggregate index there, and the
     *                 aggregate lookups read the unpublished rows by {@code ix_outbox_unpublished}
     */
    public JdbiOutbox(Jdbi jdbi, boolean embedded) {
        this(jdbi, embedded, embedded || consecutiveIds(jdbi));
    }

    /** @param oneInsert a change's events are one INSERT: only where its ids are certain to be consecutive */
    JdbiOutbox(Jdbi jdbi, boolean embedded, boolean oneInsert) {
        this.jdbi = jdbi;
        this.byAggregate = embedded ? "" : "USE INDEX (ix_outbox_aggregate)";
        this.oneInsert = oneInsert;
    }

    /**
     * Whether InnoDB gives the rows of one INSERT consecutive ids: in its "traditional" and "consecutive" lock modes
     * (0 and 1; MariaDB's default is 1) the table's AUTO-INC lock is held to the end of each statement. In the
     * "interleaved" mode 2 (MySQL 8's default) the manual promises only increasing ids. Unknown (the setting cannot be
     * read) counts as not.
     */
    static boolean consecutiveIds(Jdbi jdbi) {
        try {
            Integer mode = jdbi.withHandle(handle -> handle.createQuery("SELECT @@innodb_autoinc_lock_mode")
                    .mapTo(Integer.class).one());
            return mode != null && mode <= 1;
        } catch (RuntimeException unknown) {
            return false;
        }
    }

    @Override
    public void append(List<? extends DomainEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbi.useHandle(handle -> {
            PreparedBatch batch = handle.prepareBatch(insert(1));
            for (DomainEvent event : events) {
                bind(batch, event, null, 0).add();
            }
            batch.execute();
        });
    }

    /**
     * Each row returning its id. The rows of one call (a start that dispatches at once records two events) are one
     * INSERT on H2, which returns the id of each row it inserted, and on MySQL/MariaDB where InnoDB gives one
     * statement's rows consecutive ids ({@link #consecutiveIds}): the driver derives a multi-row insert's ids from
     * the first one. Elsewhere one INSERT a row: a wrong id would mark another change's event published.
     */
    @Override
    public List<Entry> append(List<? extends DomainEvent> events, Lease lease) {
        if (events.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> {
            Set<String> heldBack = lease.alone() ? Set.of() : heldBackFrom(handle, events, lease.relay());
            List<Boolean> leasable = events.stream()
                    .map(event -> !heldBack.contains(aggregate(event.aggregateType(), event.aggregateId())))
                    .toList();
            List<Long> positions = new ArrayList<>(events.size());
            int rowsAnInsert = oneInsert ? events.size() : 1;
            for (int from = 0; from < events.size(); from += rowsAnInsert) {
                positions.addAll(inserted(handle, events.subList(from, from + rowsAnInsert),
                        leasable.subList(from, from + rowsAnInsert), lease));
            }
            List<Entry> leased = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (leasable.get(i)) {
                    leased.add(new Entry(positions.get(i), events.get(i)));
                }
            }
            return leased;
        });
    }

    /** Inserts the rows of {@code events} in one statement (leased where {@code leasable}); their ids in order. */
    private static List<Long> inserted(Handle handle, List<? extends DomainEvent> events, List<Boolean> leasable,
                                       Lease lease) {
        Update insert = handle.createUpdate(insert(events.size()));
        for (int row = 0; row < events.size(); row++) {
            bind(insert, events.get(row), leasable.get(row) ? lease : null, row);
        }
        List<Long> ids = insert.executeAndReturnGeneratedKeys("id").mapTo(Long.class).list();
        if (ids.size() != events.size()) {
            throw new IllegalStateException("the database returned " + ids.size() + " ids for " + events.size()
                    + " outbox rows");
        }
        return ids;
    }

    /** The INSERT of {@code rows} rows, the parameters of row {@code i} named with the suffix {@code i}. */
    private static String insert(int rows) {
        return rows <= INSERTS.size() ? INSERTS.get(rows - 1) : insertOf(rows);
    }

    private static String insertOf(int rows) {
        StringBuilder sql = new StringBuilder(INSERT);
        for (int row = 0; row < rows; row++) {
            sql.append(row == 0 ? "" : ", ").append(ROW.replace("#", Integer.toString(row)));
        }
        return sql.toString();
    }

    private static <S extends SqlStatement<S>> S bind(S statement, DomainEvent event, Lease lease, int row) {
        String suffix = Integer.toString(row);
        OutboxJson.Encoded encoded = OutboxJson.encode(event);
        return statement.bind("eventId" + suffix, event.eventId())
                .bind("type" + suffix, encoded.type())
                .bind("aggregateType" + suffix, event.aggregateType())
                .bind("aggregateId" + suffix, event.aggregateId())
                .bind("sequence" + suffix, event.sequence())
                .bind("payload" + suffix, encoded.payload())
                .bind("createdAt" + suffix, UtcTimes.column(event.occurredAt()))
                .bind("claimedBy" + suffix, lease == null ? null : lease.relay())
                .bind("claimedUntil" + suffix, lease == null ? null : UtcTimes.column(lease.until()));
    }

    /**
     * The aggregates of {@code events} that have an unpublished row not leased to {@code relay}: their new rows must
     * wait behind it. The change's own write holds the aggregate's row lock, so no earlier row of it is still
     * uncommitted (and so invisible here). On MySQL/MariaDB the aggregate index is named: the optimizer could
     * otherwise walk the unpublished rows, all of them when a backlog builds. H2 has no aggregate index and walks
     * them: it is alone on its database, so this look runs only until the rows left over from before its start are
     * published ({@link Lease#alone()}).
     */
    private Set<String> heldBackFrom(Handle handle, List<? extends DomainEvent> events, String relay) {
        Set<String> aggregateIds = new HashSet<>();
        for (DomainEvent event : events) {
            if (!event.opensAggregate()) {
                aggregateIds.add(event.aggregateId());   // a new aggregate has nothing before it
            }
        }
        if (aggregateIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(handle.createQuery(HELD_BACK)
                .define("byAggregate", byAggregate)
                .bindList("aggregates", List.copyOf(aggregateIds))
                .bind("relay", relay)
                .map((row, context) -> aggregate(row.getString("aggregate_type"), row.getString("aggregate_id")))
                .list());
    }

    private static String aggregate(String type, String id) {
        return type + ":" + id;
    }

    @Override
    public List<Entry> claim(String relay, int limit, Instant now, Duration lease) {
        if (limit < 1) {
            return List.of();
        }
        Claim claim = jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED,
                handle -> claimIn(handle, relay, limit, now, lease));
        OutboxQuarantine.log(relay, claim.setAside());
        return claim.entries();
    }

    private Claim claimIn(Handle handle, String relay, int limit, Instant now, Duration lease) {
        Map<Long, DomainEvent> events = new HashMap<>();
        List<Row> readable = new ArrayList<>();
        List<OutboxQuarantine.SetAside> setAside = new ArrayList<>();
        long after = 0;
        // rows set aside give their places in the claim to the rows after them: fewer entries than the limit
        // still means that no more is free
        while (readable.size() < limit) {
            int wanted = limit - readable.size();
            List<Row> free = free(handle, now, after, wanted);
            for (Row row : free) {
                try {
                    events.put(row.id(), OutboxJson.decode(row.type(), row.payload()));
                    readable.add(row);
                } catch (RuntimeException unreadable) {
                    setAside.add(new OutboxQuarantine.SetAside(row.id(), row.type(), row.aggregateType(),
                            row.aggregateId(), OutboxQuarantine.reason(row.type(), unreadable)));
                }
            }
            if (free.size() < wanted) {
                break;
            }
            after = free.get(free.size() - 1).id();
        }
        OutboxQuarantine.store(handle, setAside, relay, now);
        List<Row> kept = readable.isEmpty() ? List.of() : inOrder(handle, readable);
        if (!kept.isEmpty()) {
            handle.createUpdate("""
                            UPDATE outbox SET claimed_by = :relay, claimed_until = :until
                             WHERE id IN (<ids>)""")
                    .bind("relay", relay)
                    .bind("until", UtcTimes.column(now.plus(lease)))
                    .bindList("ids", kept.stream().map(Row::id).toList())
                    .execute();
        }
        return new Claim(kept.stream().map(row -> new Entry(row.id(), events.get(row.id()))).toList(), setAside);
    }

    /** Locks up to {@code limit} rows after {@code after} that no live lease holds, oldest first. */
    private static List<Row> free(Handle handle, Instant now, long after, int limit) {
        return handle.createQuery(FREE)
                .bind("now", UtcTimes.column(now))
                .bind("after", after)
                .bind("limit", limit)
                .map((row, context) -> new Row(row.getLong("id"), row.getString("aggregate_type"),
                        row.getString("aggregate_id"), row.getString("event_type"), row.getString("payload")))
                .list();
    }

    /**
     * The rows of {@code free} (in order) whose aggregate has no earlier unpublished row outside the claim. The index
     * is named, as in {@link #heldBackFrom}; H2 reads the unpublished rows up to the claim's last id, which a claim of
     * the oldest free rows keeps to about the claim itself.
     */
    private List<Row> inOrder(Handle handle, List<Row> free) {
        long last = free.get(free.size() - 1).id();
        Set<String> aggregateIds = new HashSet<>();
        for (Row row : free) {
            aggregateIds.add(row.aggregateId());
        }
        Map<String, List<Long>> unpublished = new HashMap<>();
        handle.createQuery(EARLIER_UNPUBLISHED)
                .define("byAggregate", byAggregate)
                .bindList("aggregates", List.copyOf(aggregateIds))
                .bind("last", last)
                .map((row, context) -> {
                    unpublished.computeIfAbsent(row.getString("aggregate_type") + ":" + row.getString("aggregate_id"),
                            key -> new ArrayList<>()).add(row.getLong("id"));
                    return null;
                })
                .list();
        Set<Long> taken = new HashSet<>();
        List<Row> kept = new ArrayList<>();
        for (Row row : free) {
            boolean earlierAllTaken = unpublished.getOrDefault(row.aggregate(), List.of()).stream()
                    .allMatch(id -> id >= row.id() || taken.contains(id));
            if (earlierAllTaken) {
                taken.add(row.id());
                kept.add(row);
            }
        }
        return kept;
    }

    @Override
    public void published(List<Entry> entries, Instant now) {
        if (entries.isEmpty()) {
            return;
        }
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE outbox SET published_at = :now, claimed_until = NULL
                         WHERE id IN (<ids>) AND published_at IS NULL""")
                .bind("now", UtcTimes.column(now))
                .bindList("ids", entries.stream().map(Entry::position).toList())
                .execute());
    }

    @Override
    public Backlog backlog() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT COUNT(*) - COUNT(quarantined_at) AS depth, COUNT(quarantined_at) AS quarantined,
                               MIN(CASE WHEN quarantined_at IS NULL THEN created_at END) AS oldest
                          FROM outbox WHERE published_at IS NULL""")
                .map((row, context) -> new Backlog(row.getLong("depth"),
                        Optional.ofNullable(UtcTimes.read(row, "oldest")), row.getLong("quarantined")))
                .one());
    }

    @Override
    public int purgePublishedBefore(Instant cutoff) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < :cutoff""")
                .bind("cutoff", UtcTimes.column(cutoff))
                .execute());
    }
}
