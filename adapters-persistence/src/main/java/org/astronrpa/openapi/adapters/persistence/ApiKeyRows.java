package org.astronrpa.openapi.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.shared.IpBlock;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Maps {@code api_keys} rows to keys, and a key's grant to its columns (V20). */
final class ApiKeyRows implements RowMapper<ApiKey> {
    static final String COLUMNS = "id, user_id, name, prefix, key_hash, created_at, last_used_at, expires_at, revoked_at,"
            + " scopes, workflow_ids, rate_limit_per_minute, max_concurrent_executions, allowed_ips, revision";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public ApiKey map(ResultSet row, StatementContext context) throws SQLException {
        return new ApiKey(
                row.getString("id"),
                new UserId(row.getString("user_id")),
                row.getString("name"),
                row.getString("prefix"),
                row.getString("key_hash"),
                UtcTimes.read(row, "created_at"),
                UtcTimes.read(row, "last_used_at"),
                UtcTimes.read(row, "expires_at"),
                UtcTimes.read(row, "revoked_at"),
                new KeyGrant(scopes(row.getString("scopes")), workflowIds(row.getString("workflow_ids")),
                        row.getObject("rate_limit_per_minute", Integer.class),
                        row.getObject("max_concurrent_executions", Integer.class),
                        blocks(row.getString("allowed_ips"))),
                row.getLong("revision"));
    }

    /** Scopes by wire name, separated by spaces (as OAuth writes them); null for full access. */
    static String scopesColumn(KeyGrant grant) {
        return grant.scopes() == null ? null
                : grant.scopes().stream().map(Scope::wire).collect(Collectors.joining(" "));
    }

    static String workflowIdsColumn(KeyGrant grant) {
        return grant.workflowIds() == null ? null
                : JSON.writeValueAsString(grant.workflowIds().stream().map(ProjectId::value).toList());
    }

    static String allowedIpsColumn(KeyGrant grant) {
        return grant.allowedIps() == null ? null
                : grant.allowedIps().stream().map(IpBlock::toString).collect(Collectors.joining(","));
    }

    /** A scope this version does not know (written by a newer one) grants nothing here. */
    private static Set<Scope> scopes(String column) {
        if (column == null) {
            return null;
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream(column.split(" ")).map(Scope::ofWire).filter(s -> s != null).forEach(scopes::add);
        return scopes;
    }

    private static List<ProjectId> workflowIds(String column) {
        if (column == null) {
            return null;
        }
        List<ProjectId> ids = new ArrayList<>();
        for (JsonNode id : JSON.readTree(column)) {
            ids.add(new ProjectId(id.asString()));
        }
        return ids;
    }

    private static List<IpBlock> blocks(String column) {
        return column == null || column.isEmpty() ? null
                : Arrays.stream(column.split(",")).map(IpBlock::parse).toList();
    }
}
