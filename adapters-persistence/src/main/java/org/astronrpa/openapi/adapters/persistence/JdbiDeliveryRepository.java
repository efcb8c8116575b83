package org.astronrpa.openapi.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.Attempt;
import org.astronrpa.openapi.domain.webhook.Delivery;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.WebhookId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Webhook deliveries in {@code webhook_deliveries} and their attempts in {@code webhook_attempts} (V18). Writes join
 * the transaction in progress on this thread ({@link JdbiTransactions}). A claim is one short transaction: it locks the
 * longest-due free rows with {@code FOR UPDATE SKIP LOCKED}, so that instances claiming at once lock different rows and
 * never wait for each other, and marks them claimed until the lease ends.
 */
public final class JdbiDeliveryRepository implements DeliveryRepository {
    private static final String COLUMNS = """
            id, webhook_id, callback_of, url, user_id, event_id, topic, body, status, attempts, next_attempt_at,
            last_number, last_attempt_at, last_status_code, last_latency_ms, last_error, last_response, created_at,
            since, finished_at""";
    private static final String INSERT = """
            INSERT INTO webhook_deliveries (id, subscriber, webhook_id, callback_of, url, user_id, event_id, topic, body,
                                            status, attempts, next_attempt_at, last_number, last_attempt_at,
                                            last_status_code, last_latency_ms, last_error, last_response, created_at,
                                            since, finished_at, claimed_by, claimed_until)
            VALUES """;
    /** The values of one row of {@link #INSERT}, its parameters named with {@code #} replaced by the row's number. */
    private static final String ROW = """
            (:id#, :subscriber#, :webhookId#, :callbackOf#, :url#, :userId#, :eventId#, :topic#, :body#, :status#,
             :attempts#, :nextAttemptAt#, :lastNumber#, :lastAttemptAt#, :lastStatusCode#, :lastLatencyMs#,
             :lastError#, :lastResponse#, :createdAt#, :since#, :finishedAt#, :claimedBy#, :claimedUntil#)""";
    /** What a delivery's attempt (or its owner's redelivery) changes. */
    private static final String STATE = """
            UPDATE webhook_deliveries
               SET status = :status, attempts = :attempts, next_attempt_at = :nextAttemptAt, last_number = :lastNumber,
                   last_attempt_at = :lastAttemptAt, last_status_code = :lastStatusCode,
                   last_latency_ms = :lastLatencyMs, last_error = :lastError, last_response = :lastResponse,
                   since = :since, finished_at = :finishedAt, claimed_by = NULL, claimed_until = NULL
             WHERE id = :id""";
    /** The free due rows, longest due first; {@code <passedOver>} is empty or an {@code AND subscriber NOT IN}. */
    private static final String FREE = """
            SELECT id FROM webhook_deliveries
             WHERE status = 'pending' AND next_attempt_at <= :now
               AND (claimed_until IS NULL OR claimed_until <= :now)<passedOver>
             ORDER BY next_attempt_at, id
             LIMIT :limit
               FOR UPDATE SKIP LOCKED""";
    private static final String ATTEMPT = """
            INSERT INTO webhook_attempts (delivery_id, number, at, status_code, latency_ms, error, response_body)
            VALUES (:deliveryId, :number, :at, :statusCode, :latencyMs, :error, :responseBody)
            ON DUPLICATE KEY UPDATE at = VALUES(at), status_code = VALUES(status_code), latency_ms = VALUES(latency_ms),
                                    error = VALUES(error), response_body = VALUES(response_body)""";
    private static final int MAX_ERROR = 1024;
    /** Deliveries one INSERT of {@link #addAll} stores at most: their bodies may be large. */
    private static final int ROWS_A_STATEMENT = 50;
    /** Body characters one INSERT of deliveries carries at most (up to 4 bytes each in utf8mb4). */
    private static final int BODY_CHARS = 2 * 1024 * 1024;

    /** A row of {@link #pendingBySubscription}. */
    private record Pending(String webhook, long n) {
    }

    private final Jdbi jdbi;
    /** H2: claims one at a time (see {@link #claim}); none on MySQL/MariaDB. */
    private final ReentrantLock claims;

    /**
     * @param embedded H2, which answers a {@code SKIP LOCKED} scan with no rows at all while another transaction holds
     *                 some: its one instance claims one claim at a time, so that claimants at once still get rows
     */
    public JdbiDeliveryRepository(Jdbi jdbi, boolean embedded) {
        this.jdbi = jdbi;
        this.claims = embedded ? new ReentrantLock() : null;
    }

    /**
     * One {@code INSERT … ON DUPLICATE KEY UPDATE id = id} a chunk: a delivery of a receiver and event stored already is
     * left as it is, without an error that would end the transaction. The driver counts such a row as changed (MySQL's
     * found rows), so what was stored is counted by id: the ids present after the insert, less those present before.
     */
    @Override
    public int addAll(List<Delivery> deliveries) {
        int stored = 0;
        for (List<Delivery> chunk : statements(deliveries)) {
            stored += jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
                List<String> ids = chunk.stream().map(Delivery::id).distinct().toList();
                int before = present(handle, ids);
                insert(handle, chunk, null, null);
                return present(handle, ids) - before;
            });
        }
        return stored;
    }

    /**
     * As {@link #addAll}, claimed: a delivery's id is new (made with it), so those of its ids present after the insert
     * are the ones it stored — a delivery of a receiver and event stored already left the other row as it was.
     */
    @Override
    public java.util.Set<String> addAllClaimed(List<Delivery> deliveries, String claimant, Instant until) {
        java.util.Set<String> stored = new java.util.HashSet<>();
        for (List<Delivery> chunk : statements(deliveries)) {
            stored.addAll(jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
                insert(handle, chunk, claimant, until);
                return handle.createQuery(
                                "SELECT id FROM webhook_deliveries WHERE id IN (<ids>) AND claimed_by = :claimant")
                        .bindList("ids", chunk.stream().map(Delivery::id).distinct().toList())
                        .bind("claimant", claimant)
                        .mapTo(String.class)
                        .list();
            }));
        }
        return stored;
    }

    /**
     * The deliveries an INSERT each: at most {@value #ROWS_A_STATEMENT}, and bodies of at most {@value #BODY_CHARS}
     * characters together (one larger alone) — a statement stays far below MariaDB's 16 MiB packet.
     */
    private static List<List<Delivery>> statements(List<Delivery> deliveries) {
        List<List<Delivery>> chunks = new java.util.ArrayList<>();
        List<Delivery> chunk = new java.util.ArrayList<>();
        long chars = 0;
        for (Delivery delivery : deliveries) {
            boolean full = chunk.size() == ROWS_A_STATEMENT || chars + delivery.body().length() > BODY_CHARS;
            if (!chunk.isEmpty() && full) {
                chunks.add(chunk);
                chunk = new java.util.ArrayList<>();
                chars = 0;
            }
            chunk.add(delivery);
            chars += delivery.body().length();
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private static void insert(Handle handle, List<Delivery> chunk, String claimant, Instant until) {
        StringBuilder sql = new StringBuilder(INSERT);
        for (int row = 0; row < chunk.size(); row++) {
            sql.append(row == 0 ? "" : ", ").append(ROW.replace("#", Integer.toString(row)));
        }
        var insert = handle.createUpdate(sql.append(" ON DUPLICATE KEY UPDATE id = id").toString());
        for (int row = 0; row < chunk.size(); row++) {
            String suffix = Integer.toString(row);
            bind(insert, chunk.get(row), suffix)
                    .bind("claimedBy" + suffix, claimant)
                    .bind("claimedUntil" + suffix, UtcTimes.column(until));
        }
        insert.execute();
    }

    private static int present(Handle handle, List<String> ids) {
        return handle.createQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE id IN (<ids>)")
                .bindList("ids", ids)
                .mapTo(Integer.class)
                .one();
    }

    @Override
    public Optional<Delivery> find(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM webhook_deliveries WHERE id = :id")
                .bind("id", id)
                .map(JdbiDeliveryRepository::read)
                .findOne());
    }

    @Override
    public List<Delivery> claim(String claimant, Instant now, Duration lease, int limit,
                                java.util.Set<String> passedOver) {
        if (limit < 1) {
            return List.of();
        }
        if (claims != null) {
            claims.lock();
        }
        try {
            return claimed(claimant, now, lease, limit, passedOver);
        } catch (RuntimeException e) {
            if (DuplicateKeys.isLostRace(e)) {   // rolled back whole: nothing claimed
                throw new ConcurrentUpdate("the claim of due deliveries lost a race with another transaction");
            }
            throw e;
        } finally {
            if (claims != null) {
                claims.unlock();
            }
        }
    }

    @Override
    public void release(Delivery delivery, String claimant) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE webhook_deliveries SET claimed_by = NULL, claimed_until = NULL
                         WHERE id = :id AND claimed_by = :claimant""")
                .bind("id", delivery.id())
                .bind("claimant", claimant)
                .execute());
    }

    private List<Delivery> claimed(String claimant, Instant now, Duration lease, int limit,
                                   java.util.Set<String> passedOver) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            var free = handle.createQuery(FREE.replace("<passedOver>",
                            passedOver.isEmpty() ? "" : " AND subscriber NOT IN (<skipped>)"))
                    .bind("now", UtcTimes.column(now))
                    .bind("limit", limit);
            if (!passedOver.isEmpty()) {
                free.bindList("skipped", List.copyOf(passedOver));
            }
            List<String> ids = free.mapTo(String.class).list();
            if (ids.isEmpty()) {
                return List.of();
            }
            handle.createUpdate("""
                            UPDATE webhook_deliveries SET claimed_by = :claimant, claimed_until = :until
                             WHERE id IN (<ids>)""")
                    .bind("claimant", claimant)
                    .bind("until", UtcTimes.column(now.plus(lease)))
                    .bindList("ids", ids)
                    .execute();
            return handle.createQuery("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE id IN (<ids>)"
                            + " ORDER BY next_attempt_at, id")
                    .bindList("ids", ids)
                    .map(JdbiDeliveryRepository::read)
                    .list();
        });
    }

    @Override
    public boolean attempted(Delivery next, String claimant) {
        return !attemptedAll(List.of(next), claimant).isEmpty();
    }

    /** Each as {@link #attempted} stores it, all in one transaction (one commit for a batch of outcomes). */
    @Override
    public java.util.Set<String> attemptedAll(List<Delivery> outcomes, String claimant) {
        if (outcomes.isEmpty()) {
            return java.util.Set.of();
        }
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            java.util.Set<String> stored = new java.util.HashSet<>();
            for (Delivery next : outcomes) {
                if (stored(handle, next, claimant)) {
                    stored.add(next.id());
                }
            }
            return stored;
        });
    }

    private static boolean stored(Handle handle, Delivery next, String claimant) {
        {
            int updated = bindState(handle.createUpdate(STATE + " AND claimed_by = :claimant"), next)
                    .bind("claimant", claimant)
                    .execute();
            if (updated != 1) {
                return false;
            }
            Attempt attempt = next.last();
            if (attempt != null) {
                // giving up notes its reason under the last attempt's number, which may be logged already: replaced
                handle.createUpdate(ATTEMPT)
                        .bind("deliveryId", next.id())
                        .bind("number", attempt.number())
                        .bind("at", UtcTimes.column(attempt.at()))
                        .bind("statusCode", attempt.statusCode())
                        .bind("latencyMs", attempt.latency().toMillis())
                        .bind("error", truncated(attempt.error()))
                        .bind("responseBody", attempt.responseBody())
                        .execute();
            }
            return true;
        }
    }

    @Override
    public boolean requeue(Delivery next, Instant now) {
        return jdbi.withHandle(handle -> bindState(handle.createUpdate(STATE
                        + " AND (claimed_until IS NULL OR claimed_until <= :now)"), next)
                .bind("now", UtcTimes.column(now))
                .execute()) == 1;
    }

    @Override
    public List<Attempt> attempts(String deliveryId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT number, at, status_code, latency_ms, error, response_body FROM webhook_attempts
                         WHERE delivery_id = :id ORDER BY delivery_id DESC, number DESC LIMIT :limit""")
                .bind("id", deliveryId)
                .bind("limit", limit)
                .map((row, context) -> new Attempt(row.getInt("number"), UtcTimes.read(row, "at"),
                        row.getObject("status_code", Integer.class), Duration.ofMillis(row.getLong("latency_ms")),
                        row.getString("error"), row.getString("response_body")))
                .list());
    }

    /** Newest first, by keyset after a position or by offset; the total counted by the log's indexes. */
    @Override
    public Page<Delivery> page(WebhookId webhook, Delivery.Status status, PageRequest page) {
        String filter = " WHERE webhook_id = :webhook" + (status == null ? "" : " AND status = :status");
        return jdbi.withHandle(handle -> {
            var count = handle.createQuery("SELECT COUNT(*) FROM webhook_deliveries" + filter)
                    .bind("webhook", webhook.value());
            if (status != null) {
                count.bind("status", status.wire());
            }
            long total = count.mapTo(Long.class).one();
            Position after = page.after();
            var query = handle.createQuery("SELECT " + COLUMNS + " FROM webhook_deliveries" + filter
                            + (after == null ? "" : " AND (created_at < :time OR created_at = :time AND id < :id)")
                            + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bind("webhook", webhook.value())
                    .bind("limit", page.pageSize() + 1)
                    .bind("offset", page.offset());
            if (status != null) {
                query.bind("status", status.wire());
            }
            if (after != null) {
                query.bind("time", UtcTimes.column(after.time())).bind("id", after.id());
            }
            List<Delivery> window = query.map(JdbiDeliveryRepository::read).list();
            return Page.ofWindow(total, page, window, d -> new Position(d.createdAt(), d.id()));
        });
    }

    @Override
    public Map<WebhookId, Long> pendingBySubscription() {
        Map<WebhookId, Long> pending = new HashMap<>();   // callbacks under the null key, which Map.of refuses
        jdbi.useHandle(handle -> handle.createQuery("""
                        SELECT webhook_id, COUNT(*) AS n FROM webhook_deliveries
                         WHERE status = 'pending' GROUP BY webhook_id""")
                .map((row, context) -> new Pending(row.getString("webhook_id"), row.getLong("n")))
                .forEach(count -> pending.put(count.webhook() == null ? null : new WebhookId(count.webhook()),
                        count.n())));
        return Collections.unmodifiableMap(pending);
    }

    /** The oldest finished first, locked while they go, so that a redelivery meanwhile waits and keeps its row. */
    @Override
    public int purgeFinishedBefore(Instant cutoff, int limit) {
        if (limit < 1) {
            return 0;
        }
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            List<String> ids = handle.createQuery("""
                            SELECT id FROM webhook_deliveries WHERE finished_at < :cutoff
                             ORDER BY finished_at LIMIT :limit FOR UPDATE""")
                    .bind("cutoff", UtcTimes.column(cutoff))
                    .bind("limit", limit)
                    .mapTo(String.class)
                    .list();
            if (ids.isEmpty()) {
                return 0;
            }
            handle.createUpdate("DELETE FROM webhook_attempts WHERE delivery_id IN (<ids>)")
                    .bindList("ids", ids)
                    .execute();
            return handle.createUpdate("DELETE FROM webhook_deliveries WHERE id IN (<ids>)")
                    .bindList("ids", ids)
                    .execute();
        });
    }

    private static <S extends SqlStatement<S>> S bind(S statement, Delivery delivery, String suffix) {
        Attempt last = delivery.last();
        return statement
                .bind("id" + suffix, delivery.id())
                .bind("subscriber" + suffix, delivery.subscriber())
                .bind("webhookId" + suffix, delivery.webhook() == null ? null : delivery.webhook().value())
                .bind("callbackOf" + suffix, delivery.callbackOf())
                .bind("url" + suffix, delivery.url())
                .bind("userId" + suffix, delivery.owner().value())
                .bind("eventId" + suffix, delivery.eventId())
                .bind("topic" + suffix, delivery.topic())
                .bind("body" + suffix, delivery.body())
                .bind("status" + suffix, delivery.status().wire())
                .bind("attempts" + suffix, delivery.attempts())
                .bind("nextAttemptAt" + suffix, UtcTimes.column(delivery.nextAttemptAt()))
                .bind("lastNumber" + suffix, last == null ? null : last.number())
                .bind("lastAttemptAt" + suffix, last == null ? null : UtcTimes.column(last.at()))
                .bind("lastStatusCode" + suffix, last == null ? null : last.statusCode())
                .bind("lastLatencyMs" + suffix, last == null ? null : last.latency().toMillis())
                .bind("lastError" + suffix, last == null ? null : truncated(last.error()))
                .bind("lastResponse" + suffix, last == null ? null : last.responseBody())
                .bind("createdAt" + suffix, UtcTimes.column(delivery.createdAt()))
                .bind("since" + suffix, UtcTimes.column(delivery.since()))
                .bind("finishedAt" + suffix, UtcTimes.column(delivery.finishedAt()));
    }

    /** The columns of {@link #STATE}. */
    private static <S extends SqlStatement<S>> S bindState(S statement, Delivery next) {
        Attempt last = next.last();
        return statement
                .bind("id", next.id())
                .bind("status", next.status().wire())
                .bind("attempts", next.attempts())
                .bind("nextAttemptAt", UtcTimes.column(next.nextAttemptAt()))
                .bind("lastNumber", last == null ? null : last.number())
                .bind("lastAttemptAt", last == null ? null : UtcTimes.column(last.at()))
                .bind("lastStatusCode", last == null ? null : last.statusCode())
                .bind("lastLatencyMs", last == null ? null : last.latency().toMillis())
                .bind("lastError", last == null ? null : truncated(last.error()))
                .bind("lastResponse", last == null ? null : last.responseBody())
                .bind("since", UtcTimes.column(next.since()))
                .bind("finishedAt", UtcTimes.column(next.finishedAt()));
    }

    private static Delivery read(ResultSet row, StatementContext context) throws SQLException {
        String webhook = row.getString("webhook_id");
        Instant lastAt = UtcTimes.read(row, "last_attempt_at");
        Attempt last = lastAt == null ? null : new Attempt(row.getInt("last_number"), lastAt,
                row.getObject("last_status_code", Integer.class), Duration.ofMillis(row.getLong("last_latency_ms")),
                row.getString("last_error"), row.getString("last_response"));
        return new Delivery(row.getString("id"), webhook == null ? null : new WebhookId(webhook),
                row.getString("callback_of"), row.getString("url"), new UserId(row.getString("user_id")),
                row.getString("event_id"), row.getString("topic"), row.getString("body"),
                Delivery.Status.ofWire(row.getString("status")), row.getInt("attempts"),
                UtcTimes.read(row, "next_attempt_at"), last, UtcTimes.read(row, "created_at"),
                UtcTimes.read(row, "since"), UtcTimes.read(row, "finished_at"));
    }

    private static String truncated(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 1) + "…";
    }
}
