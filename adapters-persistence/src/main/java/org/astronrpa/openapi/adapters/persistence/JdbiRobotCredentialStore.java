package org.astronrpa.openapi.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.astronrpa.openapi.domain.robot.RobotCredential;
import org.astronrpa.openapi.domain.robot.RobotCredentialStore;
import org.astronrpa.openapi.domain.robot.RobotEnrollment;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.shared.UserId;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Enrollment tokens and robot credentials in {@code robot_enrollments} and {@code robot_credentials} (V14). */
public final class JdbiRobotCredentialStore implements RobotCredentialStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> LABELS = new TypeReference<>() {
    };
    private final Jdbi jdbi;

    public JdbiRobotCredentialStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void addEnrollment(RobotEnrollment e) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO robot_enrollments (token_hash, user_id, robot_id, name, labels, created_at, expires_at)
                        VALUES (:hash, :userId, :robotId, :name, :labels, :createdAt, :expiresAt)""")
                .bind("hash", e.tokenHash())
                .bind("userId", e.owner().value())
                .bind("robotId", e.robotId() == null ? null : e.robotId().value())
                .bind("name", e.name())
                .bind("labels", JSON.writeValueAsString(e.labels().values()))
                .bind("createdAt", UtcTimes.column(e.createdAt()))
                .bind("expiresAt", UtcTimes.column(e.expiresAt()))
                .execute());
    }

    @Override
    public Optional<RobotEnrollment> findEnrollment(String tokenHash) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT token_hash, user_id, robot_id, name, labels, created_at, expires_at
                          FROM robot_enrollments WHERE token_hash = :hash""")
                .bind("hash", tokenHash)
                .map((row, ctx) -> enrollment(row))
                .findOne());
    }

    /** The update is the claim: of two concurrent redemptions of one token, one changes the row. */
    @Override
    public Optional<RobotEnrollment> redeem(String tokenHash, Instant now) {
        return jdbi.inTransaction(handle -> {
            int claimed = handle.createUpdate("""
                            UPDATE robot_enrollments SET used_at = :now
                             WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now""")
                    .bind("hash", tokenHash)
                    .bind("now", UtcTimes.column(now))
                    .execute();
            if (claimed != 1) {
                return Optional.empty();
            }
            return findEnrollment(tokenHash);
        });
    }

    @Override
    public void addCredential(RobotCredential c) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO robot_credentials (id, credential_hash, user_id, robot_id, prefix, created_at, revoked_at)
                        VALUES (:id, :hash, :userId, :robotId, :prefix, :createdAt, :revokedAt)""")
                .bind("id", c.id())
                .bind("hash", c.hash())
                .bind("userId", c.owner().value())
                .bind("robotId", c.robotId().value())
                .bind("prefix", c.prefix())
                .bind("createdAt", UtcTimes.column(c.createdAt()))
                .bind("revokedAt", UtcTimes.column(c.revokedAt()))
                .execute());
    }

    @Override
    public Optional<RobotCredential> findCredential(String hash) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, credential_hash, user_id, robot_id, prefix, created_at, revoked_at
                          FROM robot_credentials WHERE credential_hash = :hash""")
                .bind("hash", hash)
                .map((row, ctx) -> new RobotCredential(row.getString("id"), new UserId(row.getString("user_id")),
                        new RobotId(row.getString("robot_id")), row.getString("credential_hash"),
                        row.getString("prefix"), UtcTimes.read(row, "created_at"), UtcTimes.read(row, "revoked_at")))
                .findOne());
    }

    @Override
    public int revokeCredentials(UserId owner, RobotId robotId, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        UPDATE robot_credentials SET revoked_at = :now
                         WHERE user_id = :userId AND robot_id = :robotId AND revoked_at IS NULL""")
                .bind("now", UtcTimes.column(now))
                .bind("userId", owner.value())
                .bind("robotId", robotId.value())
                .execute());
    }

    private static RobotEnrollment enrollment(ResultSet row) throws SQLException {
        String robotId = row.getString("robot_id");
        return new RobotEnrollment(row.getString("token_hash"), new UserId(row.getString("user_id")),
                robotId == null ? null : new RobotId(robotId), row.getString("name"),
                RobotLabels.of("labels", JSON.readValue(row.getString("labels"), LABELS)),
                UtcTimes.read(row, "created_at"), UtcTimes.read(row, "expires_at"));
    }
}
