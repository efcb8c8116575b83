package org.astronrpa.openapi.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.SecretBox;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.CallbackSecret;
import org.astronrpa.openapi.domain.webhook.CallbackSecretStore;
import org.astronrpa.openapi.domain.webhook.SigningSecret;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Each user's callback secret in {@code callback_secrets} (V18), sealed with a {@link SecretBox} as subscriptions'
 * secrets are. A replacement is guarded by the time the stored one was last changed.
 */
public final class JdbiCallbackSecretStore implements CallbackSecretStore {
    private static final String COLUMNS = "user_id, secret, previous_secret, previous_until, created_at, updated_at";

    private final Jdbi jdbi;
    private final SecretBox box;

    public JdbiCallbackSecretStore(Jdbi jdbi, SecretBox box) {
        this.jdbi = jdbi;
        this.box = box;
    }

    @Override
    public Optional<CallbackSecret> find(UserId owner) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM callback_secrets WHERE user_id = :userId")
                .bind("userId", owner.value())
                .map(this::read)
                .findOne());
    }

    @Override
    public boolean insertIfAbsent(CallbackSecret secret) {
        try {
            jdbi.useHandle(handle -> bind(handle.createUpdate("INSERT INTO callback_secrets (" + COLUMNS
                    + ") VALUES (:userId, :secret, :previousSecret, :previousUntil, :createdAt, :updatedAt)"), secret)
                    .execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (DuplicateKeys.isViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void replace(CallbackSecret current, CallbackSecret next) {
        if (!current.owner().equals(next.owner())) {
            throw new IllegalArgumentException("another user's secret");
        }
        int updated = jdbi.withHandle(handle -> bind(handle.createUpdate("""
                UPDATE callback_secrets
                   SET secret = :secret, previous_secret = :previousSecret, previous_until = :previousUntil,
                       updated_at = :updatedAt
                 WHERE user_id = :userId AND updated_at = :was"""), next)
                .bind("was", UtcTimes.column(current.updatedAt()))
                .execute());
        if (updated != 1) {
            throw new ConcurrentUpdate("the callback secret of " + current.owner() + " was changed meanwhile");
        }
    }

    private <S extends SqlStatement<S>> S bind(S statement, CallbackSecret s) {
        return statement.bind("userId", s.owner().value())
                .bind("secret", box.seal(s.secret().value()))
                .bind("previousSecret", s.previousSecret() == null ? null : box.seal(s.previousSecret().value()))
                .bind("previousUntil", UtcTimes.column(s.previousUntil()))
                .bind("createdAt", UtcTimes.column(s.createdAt()))
                .bind("updatedAt", UtcTimes.column(s.updatedAt()));
    }

    private CallbackSecret read(ResultSet row, StatementContext context) throws SQLException {
        String previous = row.getString("previous_secret");
        return new CallbackSecret(new UserId(row.getString("user_id")), new SigningSecret(box.open(row.getString(
                "secret"))), previous == null ? null : new SigningSecret(box.open(previous)),
                UtcTimes.read(row, "previous_until"), UtcTimes.read(row, "created_at"),
                UtcTimes.read(row, "updated_at"));
    }
}
