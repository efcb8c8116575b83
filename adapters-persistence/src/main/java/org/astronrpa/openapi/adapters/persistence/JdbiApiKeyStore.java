package org.astronrpa.openapi.adapters.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.ApiKeyStore;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** API keys in the {@code api_keys} table, found by the hash of the secret. */
public final class JdbiApiKeyStore implements ApiKeyStore {
    private static final ApiKeyRows ROWS = new ApiKeyRows();
    private static final String ACTIVE = """
            user_id = :owner AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)""";

    private final Jdbi jdbi;

    public JdbiApiKeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(ApiKey key) {
        jdbi.useTransaction(handle -> {
            insertRow(handle, key);
            insertAllowList(handle, key);
        });
    }

    /**
     * The key's workflow allow-list as rows of {@code api_key_workflows} (V22), each dated with its workflow's creation
     * (V25) while holding the owner's workflow generation (V24): a workflow made or deleted meanwhile waits for this
     * transaction, or this one for it, so that neither misses the other.
     */
    private static void insertAllowList(org.jdbi.v3.core.Handle handle, ApiKey key) {
        if (key.grant().workflowIds() == null) {
            return;
        }
        JdbiWorkflowRepository.nextGeneration(handle, key.ownerId());
        var rows = handle.prepareBatch("INSERT INTO api_key_workflows (key_id, project_key) VALUES (:id, :project)");
        for (var workflow : key.grant().workflowIds()) {
            rows.bind("id", key.id()).bind("project", workflow.key()).add();
        }
        rows.execute();
        handle.createUpdate("""
                        UPDATE api_key_workflows SET created_at = (
                            SELECT w.created_at FROM workflows w
                             WHERE w.project_key = api_key_workflows.project_key AND w.user_id = :owner)
                         WHERE key_id = :id""")
                .bind("id", key.id()).bind("owner", key.ownerId().value()).execute();
    }

    /** The grant's columns (V20) by their bind names: scopes, workflowIds, rate, concurrent, allowedIps. */
    private static java.util.Map<String, Object> grantColumns(ApiKey key) {
        java.util.Map<String, Object> columns = new java.util.HashMap<>();
        columns.put("scopes", ApiKeyRows.scopesColumn(key.grant()));
        columns.put("workflowIds", ApiKeyRows.workflowIdsColumn(key.grant()));
        columns.put("rate", key.grant().rateLimitPerMinute());
        columns.put("concurrent", key.grant().maxConcurrentExecutions());
        columns.put("allowedIps", ApiKeyRows.allowedIpsColumn(key.grant()));
        return columns;
    }

    private static void insertRow(org.jdbi.v3.core.Handle handle, ApiKey key) {
        handle.createUpdate("""
                        INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at,
                                              last_used_at, expires_at, revoked_at, scopes, workflow_ids,
                                              rate_limit_per_minute, max_concurrent_executions, allowed_ips, revision)
                        VALUES (:id, :userId, :name, :prefix, :hash, :createdAt, :lastUsedAt, :expiresAt, :revokedAt,
                                :scopes, :workflowIds, :rate, :concurrent, :allowedIps, :revision)""")
                .bind("id", key.id())
                .bind("userId", key.ownerId().value())
                .bind("name", key.name())
                .bind("prefix", key.prefix())
                .bind("hash", key.hash())
                .bind("createdAt", UtcTimes.column(key.createdAt()))
                .bind("lastUsedAt", UtcTimes.column(key.lastUsedAt()))
                .bind("expiresAt", UtcTimes.column(key.expiresAt()))
                .bind("revokedAt", UtcTimes.column(key.revokedAt()))
                .bind("revision", key.revision())
                .bindMap(grantColumns(key))
                .execute();
    }

    @Override
    public boolean update(ApiKey changed) {
        return jdbi.inTransaction(handle -> {
            boolean updated = handle.createUpdate("""
                        UPDATE api_keys SET name = :name, expires_at = :expiresAt, scopes = :scopes,
                               workflow_ids = :workflowIds, rate_limit_per_minute = :rate,
                               max_concurrent_executions = :concurrent, allowed_ips = :allowedIps, revision = :revision
                         WHERE id = :id AND user_id = :owner AND revoked_at IS NULL AND revision = :previous""")
                .bind("id", changed.id())
                .bind("owner", changed.ownerId().value())
                .bind("name", changed.name())
                .bind("expiresAt", UtcTimes.column(changed.expiresAt()))
                .bindMap(grantColumns(changed))
                .bind("revision", changed.revision())
                .bind("previous", changed.revision() - 1)
                .execute() > 0;
            if (updated) {   // the rows of the revision before give way to this one's
                handle.createUpdate("DELETE FROM api_key_workflows WHERE key_id = :id").bind("id", changed.id())
                        .execute();
                insertAllowList(handle, changed);
            }
            return updated;
        });
    }

    @Override
    public Optional<ApiKey> findByHash(String hash) {
        return jdbi.withHandle(handle -> handle
                .createQuery("SELECT " + ApiKeyRows.COLUMNS + " FROM api_keys WHERE key_hash = :hash")
                .bind("hash", hash)
                .map(ROWS)
                .findOne());
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        return jdbi.withHandle(handle -> handle
                .createQuery("SELECT " + ApiKeyRows.COLUMNS + " FROM api_keys WHERE id = :id")
                .bind("id", id)
                .map(ROWS)
                .findOne());
    }

    @Override
    public Page<ApiKey> pageActive(UserId owner, Instant now, PageRequest page) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            long total = handle.createQuery("SELECT COUNT(*) AS total FROM api_keys WHERE " + ACTIVE)
                    .bind("owner", owner.value())
                    .bind("now", UtcTimes.column(now))
                    .mapTo(Long.class)
                    .one();
            List<ApiKey> records = handle.createQuery("SELECT " + ApiKeyRows.COLUMNS + " FROM api_keys WHERE "
                            + ACTIVE + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bind("owner", owner.value())
                    .bind("now", UtcTimes.column(now))
                    .bind("limit", page.pageSize())
                    .bind("offset", page.offset())
                    .map(ROWS)
                    .list();
            return new Page<>(total, page, records);
        });
    }

    @Override
    public boolean revoke(String id, UserId owner, Instant at) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE api_keys SET revoked_at = :at, revision = revision + 1
                         WHERE id = :id AND user_id = :owner AND revoked_at IS NULL""")
                .bind("id", id)
                .bind("owner", owner.value())
                .bind("at", UtcTimes.column(at))
                .execute()) > 0;
    }

    @Override
    public void recordUse(String id, Instant at, Instant notBefore) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        UPDATE api_keys SET last_used_at = :at
                         WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :notBefore)""")
                .bind("id", id)
                .bind("at", UtcTimes.column(at))
                .bind("notBefore", UtcTimes.column(notBefore))
                .execute());
    }
}
