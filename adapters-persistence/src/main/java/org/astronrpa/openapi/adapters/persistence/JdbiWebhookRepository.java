package org.astronrpa.openapi.adapters.persistence;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.SecretBox;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.SigningSecret;
import org.astronrpa.openapi.domain.webhook.Webhook;
import org.astronrpa.openapi.domain.webhook.WebhookDefinition;
import org.astronrpa.openapi.domain.webhook.WebhookId;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook subscriptions in the {@code webhooks} table (V18), their signing secrets sealed with a {@link SecretBox}: the
 * table holds {@code v1.…} text that only the service's own secret opens. Deleting one deletes its deliveries and their
 * attempts in the same transaction.
 */
public final class JdbiWebhookRepository implements WebhookRepository {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JdbiWebhookRepository.class);
    private static final String COLUMNS = """
            id, user_id, url, events, project_ids, active, disabled_reason, secret, previous_secret, previous_until,
            consecutive_failures, created_at, updated_at, revision""";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> KEYS = new TypeReference<>() {
    };
    private static final int MAX_REASON = 512;
    /** Owners an {@link #activeOf} query names at most. */
    private static final int OWNERS_A_QUERY = 500;

    private final Jdbi jdbi;
    private final SecretBox box;

    public JdbiWebhookRepository(Jdbi jdbi, SecretBox box) {
        this.jdbi = jdbi;
        this.box = box;
    }

    @Override
    public void insert(Webhook webhook) {
        jdbi.useHandle(handle -> bind(handle.createUpdate("INSERT INTO webhooks (" + COLUMNS + """
                ) VALUES (:id, :userId, :url, :events, :projectIds, :active, :disabledReason, :secret, :previousSecret,
                          :previousUntil, :consecutiveFailures, :createdAt, :updatedAt, :revision)"""), webhook)
                .execute());
    }

    @Override
    public Optional<Webhook> find(WebhookId id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE id = :id")
                .bind("id", id.value())
                .map(this::read)
                .findOne());
    }

    @Override
    public void update(Webhook current, Webhook next) {
        if (!current.id().equals(next.id())) {
            throw new IllegalArgumentException("another webhook");
        }
        int updated = jdbi.withHandle(handle -> bind(handle.createUpdate("""
                UPDATE webhooks
                   SET url = :url, events = :events, project_ids = :projectIds, active = :active,
                       disabled_reason = :disabledReason, secret = :secret, previous_secret = :previousSecret,
                       previous_until = :previousUntil, consecutive_failures = :consecutiveFailures,
                       updated_at = :updatedAt, revision = :revision
                 WHERE id = :id AND revision = :currentRevision"""), next)
                .bind("currentRevision", current.revision())
                .execute());
        if (updated != 1) {
            throw new ConcurrentUpdate("webhook '" + current.id() + "'");
        }
    }

    @Override
    public boolean delete(WebhookId id) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            handle.createUpdate("""
                            DELETE FROM webhook_attempts
                             WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE webhook_id = :id)""")
                    .bind("id", id.value())
                    .execute();
            handle.createUpdate("DELETE FROM webhook_deliveries WHERE webhook_id = :id").bind("id", id.value()).execute();
            return handle.createUpdate("DELETE FROM webhooks WHERE id = :id").bind("id", id.value()).execute() == 1;
        });
    }

    /** Newest first, by keyset after a position or by offset; the total counted (subscriptions are few a user). */
    @Override
    public Page<Webhook> page(UserId owner, PageRequest page) {
        return jdbi.withHandle(handle -> {
            long total = handle.createQuery("SELECT COUNT(*) FROM webhooks WHERE user_id = :userId")
                    .bind("userId", owner.value())
                    .mapTo(Long.class)
                    .one();
            Position after = page.after();
            var query = handle.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE user_id = :userId"
                            + (after == null ? "" : " AND (created_at < :time OR created_at = :time AND id < :id)")
                            + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bind("userId", owner.value())
                    .bind("limit", page.pageSize() + 1)
                    .bind("offset", page.offset());
            if (after != null) {
                query.bind("time", UtcTimes.column(after.time())).bind("id", after.id());
            }
            List<Webhook> window = query.map(this::read).list();
            return Page.ofWindow(total, page, window, w -> new Position(w.createdAt(), w.id().value()));
        });
    }

    @Override
    public List<Webhook> activeOf(Collection<UserId> owners) {
        List<String> ids = owners.stream().map(UserId::value).distinct().toList();
        List<Webhook> active = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += OWNERS_A_QUERY) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + OWNERS_A_QUERY));
            // a row whose secret this service cannot open (sealed under another API_KEY_PEPPER) is passed over, said
            // in the log: it must not stop every event of its owner from being relayed
            jdbi.useHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                            + " FROM webhooks WHERE user_id IN (<owners>) AND active = TRUE ORDER BY created_at, id")
                    .bindList("owners", chunk)
                    .map((row, context) -> {
                        try {
                            return java.util.Optional.of(read(row, context));
                        } catch (IllegalStateException sealedElsewhere) {
                            LOG.error("webhook {}: its signing secret cannot be opened ({}); no delivery is made for "
                                    + "it", row.getString("id"), sealedElsewhere.getMessage());
                            return java.util.Optional.<Webhook>empty();
                        }
                    })
                    .forEach(read -> read.ifPresent(active::add)));
        }
        return active;
    }

    private <S extends SqlStatement<S>> S bind(S statement, Webhook webhook) {
        WebhookDefinition d = webhook.definition();
        return statement
                .bind("id", webhook.id().value())
                .bind("userId", webhook.owner().value())
                .bind("url", d.url().toString())
                .bind("events", String.join(",", d.orderedTopics()))
                .bind("projectIds", JSON.writeValueAsString(new TreeSet<>(d.projectIds())))
                .bind("active", d.active())
                .bind("disabledReason", truncated(webhook.disabledReason()))
                .bind("secret", box.seal(webhook.secret().value()))
                .bind("previousSecret", webhook.previousSecret() == null ? null
                        : box.seal(webhook.previousSecret().value()))
                .bind("previousUntil", UtcTimes.column(webhook.previousUntil()))
                .bind("consecutiveFailures", webhook.consecutiveFailures())
                .bind("createdAt", UtcTimes.column(webhook.createdAt()))
                .bind("updatedAt", UtcTimes.column(webhook.updatedAt()))
                .bind("revision", webhook.revision());
    }

    private Webhook read(ResultSet row, StatementContext context) throws SQLException {
        Set<String> topics = Set.copyOf(Arrays.asList(row.getString("events").split(",")));
        Set<String> projectKeys = Set.copyOf(JSON.readValue(row.getString("project_ids"), KEYS));
        WebhookDefinition definition = new WebhookDefinition(URI.create(row.getString("url")), topics, projectKeys,
                row.getBoolean("active"));
        String previous = row.getString("previous_secret");
        return new Webhook(new WebhookId(row.getString("id")), new UserId(row.getString("user_id")), definition,
                row.getString("disabled_reason"), new SigningSecret(box.open(row.getString("secret"))),
                previous == null ? null : new SigningSecret(box.open(previous)), UtcTimes.read(row, "previous_until"),
                row.getInt("consecutive_failures"), UtcTimes.read(row, "created_at"),
                UtcTimes.read(row, "updated_at"), row.getLong("revision"));
    }

    private static String truncated(String text) {
        return text == null || text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }
}
