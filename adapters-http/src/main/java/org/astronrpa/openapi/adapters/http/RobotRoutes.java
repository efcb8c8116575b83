package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.robot.DeleteRobot;
import org.astronrpa.openapi.application.robot.GetRobot;
import org.astronrpa.openapi.application.robot.ListRobots;
import org.astronrpa.openapi.application.robot.RobotState;
import org.astronrpa.openapi.application.robot.UpdateRobot;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotChanges;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.PageRequest;
import tools.jackson.databind.ObjectMapper;

/** {@code /robots}: the caller's robots, managed (by id, connected or not) and unnamed (API.md §3, §5.1). */
final class RobotRoutes {
    private final ListRobots listRobots;
    private final GetRobot getRobot;
    private final UpdateRobot updateRobot;
    private final DeleteRobot deleteRobot;
    private final Authentication auth;
    private final ObjectMapper mapper;

    RobotRoutes(ListRobots listRobots, GetRobot getRobot, UpdateRobot updateRobot, DeleteRobot deleteRobot,
                Authentication auth, ObjectMapper mapper) {
        this.listRobots = listRobots;
        this.getRobot = getRobot;
        this.updateRobot = updateRobot;
        this.deleteRobot = deleteRobot;
        this.auth = auth;
        this.mapper = mapper;
    }

    /**
     * A robot: what its record says (managed robots; null members for an unnamed one) and what its connection says
     * (null members when it is offline).
     */
    record RobotJson(@JsonProperty("robot_id") String robotId, String name, String machine, Map<String, String> labels,
                     String client, String version, List<String> capabilities, String status, boolean draining,
                     @JsonProperty("first_seen") String firstSeen, @JsonProperty("last_seen") String lastSeen,
                     @JsonProperty("connection_id") String connectionId,
                     @JsonProperty("connected_at") String connectedAt,
                     @JsonProperty("remote_address") String remoteAddress,
                     @JsonProperty("busy_execution_id") String busyExecutionId, String instance,
                     @JsonProperty("queue_depth") long queueDepth) {

        static RobotJson from(RobotState state) {
            Robot record = state.record();
            RobotRegistry.RobotView connection = state.connection();
            return new RobotJson(record == null ? null : record.id().value(), record == null ? null : record.name(),
                    record == null ? null : record.machine(), record == null ? Map.of() : record.labels().values(),
                    record == null ? null : record.clientKind(), record == null ? null : record.clientVersion(),
                    record == null ? List.of() : record.capabilities(), state.status().name(),
                    record != null && record.draining(),
                    record == null ? null : Times.format(record.firstSeen()),
                    record == null ? null : Times.format(record.lastSeen()),
                    connection == null ? null : connection.connectionId(),
                    connection == null ? null : Times.format(connection.connectedAt()),
                    connection == null ? null : connection.remoteAddress(),
                    connection == null || connection.busyWith() == null ? null : connection.busyWith().value(),
                    connection == null ? null : connection.instance(), state.queueDepth());
        }
    }

    record One(RobotJson robot) {
    }

    void register(RoutesConfig routes) {
        routes.get("/robots", auth.required(Scope.ROBOTS_READ, this::list));
        routes.get("/robots/{id}", auth.required(Scope.ROBOTS_READ, this::get));
        routes.patch("/robots/{id}", auth.required(Scope.ROBOTS_MANAGE, this::update));
        routes.delete("/robots/{id}", auth.required(Scope.ROBOTS_MANAGE, this::delete));
    }

    /** Pages of up to 100 managed robots (100 unless asked); the unnamed connections all come on the first page. */
    private void list(Context ctx, Caller caller) {
        FieldErrors errors = new FieldErrors();
        Integer pageNo = errors.collect(() -> Paging.integer(ctx, "pageNo", 1));
        Integer pageSize = errors.collect(() -> Paging.integer(ctx, "pageSize", PageRequest.MAX_PAGE_SIZE));
        PageRequest page = errors.collect(() -> new PageRequest(pageNo == null ? 1 : pageNo,
                pageSize == null ? 1 : pageSize));
        errors.throwIfAny();
        ListRobots.Listed listed = listRobots.list(caller.userId(), page);
        ctx.json(Envelope.ok(new PageJson<>(listed.total(), page.pageNo(), page.pageSize(),
                listed.robots().stream().map(RobotJson::from).toList())));
    }

    private void get(Context ctx, Caller caller) {
        ctx.json(Envelope.ok(new One(RobotJson.from(getRobot.get(caller.userId(), id(ctx))))));
    }

    /** {@code {"name", "labels", "draining"}}: what is sent changes, a null or absent member stays. */
    private void update(Context ctx, Caller caller) {
        RobotId id = id(ctx);
        JsonRequest body = JsonRequest.read(ctx, mapper);
        String name = body.text("name");
        java.util.Map<String, String> labels = body.stringMap("labels");
        Boolean draining = body.bool("draining");
        FieldErrors errors = body.errors();
        RobotLabels checked = labels == null ? null : errors.collect(() -> RobotLabels.of("labels", labels));
        RobotChanges changes = errors.collect(() -> new RobotChanges(name, checked, draining));
        errors.throwIfAny();
        ctx.json(Envelope.ok(new One(RobotJson.from(updateRobot.update(caller.userId(), id, changes)))));
    }

    private void delete(Context ctx, Caller caller) {
        RobotId id = id(ctx);
        deleteRobot.delete(caller.userId(), id);
        ctx.json(Envelope.ok(new Deleted(id.value())));
    }

    record Deleted(@JsonProperty("robot_id") String robotId) {
    }

    private static RobotId id(Context ctx) {
        return new RobotId(RobotId.of("id", ctx.pathParam("id")));
    }
}
