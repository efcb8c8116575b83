package org.astronrpa.openapi.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.shared.UserId;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps {@code api_keys} rows to keys. */
final class ApiKeyRows implements RowMapper<ApiKey> {
    static final String COLUMNS = "id, user_id, name, prefix, key_hash, created_at, last_used_at, expires_at, revoked_at";

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
                UtcTimes.read(row, "revoked_at"));
    }
}
