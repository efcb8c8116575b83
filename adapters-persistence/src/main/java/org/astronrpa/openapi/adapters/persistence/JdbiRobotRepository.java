package org.astronrpa.openapi.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.robot.RobotRepository;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Robot records in the {@code robots} table (V12), keyed by owner and exact robot id. */
public final class JdbiRobotRepository implements RobotRepository {
    private static final String COLUMNS = """
            user_id, robot_id, name, machine, labels, client_kind, client_version, capabilities, draining,
            first_seen, last_seen, revision""";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> LABELS = new TypeReference<>() {
    };
    private static final TypeReference<ArrayList<String>> CAPABILITIES = new TypeReference<>() {
    };

    private final Jdbi jdbi;

    public JdbiRobotRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Robot> find(UserId owner, RobotId id) {
        return jdbi.withHandle(handle -> handle
                .createQuery("SELECT " + COLUMNS + " FROM robots WHERE user_id = :userId AND robot_id = :robotId")
                .bind("userId", owner.value())
                .bind("robotId", id.value())
                .map(JdbiRobotRepository::read)
                .findOne());
    }

    @Override
    public void insert(Robot robot) {
        try {
            jdbi.useHandle(handle -> bind(handle.createUpdate("INSERT INTO robots (" + COLUMNS + """
                    ) VALUES (:userId, :robotId, :name, :machine, :labels, :clientKind, :clientVersion, :capabilities,
                              :draining, :firstSeen, :lastSeen, :revision)"""), robot).execute());
        } catch (UnableToExecuteStatementException e) {
            if (!DuplicateKeys.isViolation(e)) {
                throw e;
            }
            throw new ConcurrentUpdate("robot '" + robot.id() + "'");
        }
    }

    @Override
    public void update(Robot robot) {
        int updated = jdbi.withHandle(handle -> bind(handle.createUpdate("""
                UPDATE robots
                   SET name = :name, machine = :machine, labels = :labels, client_kind = :clientKind,
                       client_version = :clientVersion, capabilities = :capabilities, draining = :draining,
                       last_seen = :lastSeen, revision = :revision
                 WHERE user_id = :userId AND robot_id = :robotId AND revision = :previousRevision"""), robot)
                .bind("previousRevision", robot.revision() - 1)
                .execute());
        if (updated != 1) {
            throw new ConcurrentUpdate("robot '" + robot.id() + "'");
        }
    }

    @Override
    public boolean delete(UserId owner, RobotId id) {
        return jdbi.withHandle(handle -> handle
                .createUpdate("DELETE FROM robots WHERE user_id = :userId AND robot_id = :robotId")
                .bind("userId", owner.value())
                .bind("robotId", id.value())
                .execute()) == 1;
    }

    /** Newest first seen first, by keyset after a position or by offset; the total counted (robots are few a user). */
    @Override
    public Page<Robot> page(UserId owner, PageRequest page) {
        return jdbi.withHandle(handle -> {
            long total = handle.createQuery("SELECT COUNT(*) FROM robots WHERE user_id = :userId")
                    .bind("userId", owner.value())
                    .mapTo(Long.class)
                    .one();
            Position after = page.after();
            var query = handle.createQuery("SELECT " + COLUMNS + " FROM robots WHERE user_id = :userId"
                            + (after == null ? "" : " AND (first_seen < :time OR first_seen = :time AND robot_id < :id)")
                            + " ORDER BY first_seen DESC, robot_id DESC LIMIT :limit OFFSET :offset")
                    .bind("userId", owner.value())
                    .bind("limit", page.pageSize() + 1)
                    .bind("offset", page.offset());
            if (after != null) {
                query.bind("time", UtcTimes.column(after.time())).bind("id", after.id());
            }
            List<Robot> window = query.map(JdbiRobotRepository::read).list();
            return Page.ofWindow(total, page, window, robot -> new Position(robot.firstSeen(), robot.id().value()));
        });
    }

    private static <S extends SqlStatement<S>> S bind(S statement, Robot robot) {
        return statement
                .bind("userId", robot.owner().value())
                .bind("robotId", robot.id().value())
                .bind("name", robot.name())
                .bind("machine", robot.machine())
                .bind("labels", JSON.writeValueAsString(robot.labels().values()))
                .bind("clientKind", robot.clientKind())
                .bind("clientVersion", robot.clientVersion())
                .bind("capabilities", JSON.writeValueAsString(robot.capabilities()))
                .bind("draining", robot.draining())
                .bind("firstSeen", UtcTimes.column(robot.firstSeen()))
                .bind("lastSeen", UtcTimes.column(robot.lastSeen()))
                .bind("revision", robot.revision());
    }

    private static Robot read(ResultSet row, StatementContext context) throws SQLException {
        Map<String, String> labels = JSON.readValue(row.getString("labels"), LABELS);
        List<String> capabilities = JSON.readValue(row.getString("capabilities"), CAPABILITIES);
        return new Robot(new RobotId(row.getString("robot_id")), new UserId(row.getString("user_id")),
                row.getString("name"), row.getString("machine"), new RobotLabels(labels), row.getString("client_kind"),
                row.getString("client_version"), capabilities, row.getBoolean("draining"),
                UtcTimes.read(row, "first_seen"), UtcTimes.read(row, "last_seen"), row.getLong("revision"));
    }
}
