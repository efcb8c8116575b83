package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.robot.EnrollRobot;
import org.astronrpa.openapi.application.robot.RedeemEnrollment;
import org.astronrpa.openapi.application.robot.RevokeRobot;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.robot.RobotEnrollment;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotIdentity;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.shared.FieldErrors;
import org.astronrpa.openapi.domain.shared.Text;
import tools.jackson.databind.ObjectMapper;

/**
 * Robot credentials (API.md §5.1): the owner issues a one-time enrollment token, a robot trades it for its own
 * credential, the owner revokes the robot.
 */
final class RobotEnrollmentRoutes {
    private final EnrollRobot enrollRobot;
    private final RedeemEnrollment redeemEnrollment;
    private final RevokeRobot revokeRobot;
    private final Authentication auth;
    private final ObjectMapper mapper;

    RobotEnrollmentRoutes(EnrollRobot enrollRobot, RedeemEnrollment redeemEnrollment, RevokeRobot revokeRobot,
                          Authentication auth, ObjectMapper mapper) {
        this.enrollRobot = enrollRobot;
        this.redeemEnrollment = redeemEnrollment;
        this.revokeRobot = revokeRobot;
        this.auth = auth;
        this.mapper = mapper;
    }

    record Issued(String token, @JsonProperty("token_prefix") String tokenPrefix,
                  @JsonProperty("robot_id") String robotId, String name, Map<String, String> labels,
                  @JsonProperty("expires_at") String expiresAt) {
    }

    record Enrolled(@JsonProperty("robot_id") String robotId, String credential,
                    @JsonProperty("credential_prefix") String credentialPrefix) {
    }

    record Revoked(@JsonProperty("robot_id") String robotId, @JsonProperty("credentials_revoked") int credentialsRevoked) {
    }

    void register(RoutesConfig routes) {
        routes.post("/robots/enrollments", auth.required(Scope.ROBOTS_MANAGE, this::enroll));
        routes.post("/robots/enroll", auth.unauthenticated(this::redeem));
        routes.post("/robots/{id}/revoke", auth.required(Scope.ROBOTS_MANAGE, this::revoke));
    }

    /** {@code {"robot_id", "name", "labels", "expires_in_seconds"}}, each optional ({@code {}}: the robot names itself). */
    private void enroll(Context ctx, Caller caller) {
        JsonRequest body = JsonRequest.read(ctx, mapper);
        String robotId = body.text("robot_id");
        String name = body.text("name");
        Map<String, String> labels = body.stringMap("labels");
        Long seconds = body.integer("expires_in_seconds");
        FieldErrors errors = body.errors();
        RobotId id = robotId == null ? null : errors.collect(() -> new RobotId(robotId));
        String checkedName = name == null ? null : errors.collect(() -> Text.trimmed("name", name, 1, 100));
        RobotLabels checkedLabels = labels == null ? null : errors.collect(() -> RobotLabels.of("labels", labels));
        var lifetime = errors.collect(() -> RobotEnrollment.lifetime(seconds));
        errors.throwIfAny();
        EnrollRobot.Issued issued = enrollRobot.enroll(caller.userId(), id, checkedName, checkedLabels, lifetime);
        RobotEnrollment e = issued.enrollment();
        ctx.status(201).json(Envelope.ok(new Issued(issued.token().reveal(), issued.token().prefix(),
                e.robotId() == null ? null : e.robotId().value(), e.name(), e.labels().values(),
                Times.format(e.expiresAt()))));
    }

    /**
     * {@code {"token", "robot_id", "name", "machine", "client", "version", "capabilities", "labels"}}: the token
     * authenticates (no other credentials); what the robot says of itself follows the rules of a managed robot's
     * upgrade, each refusal naming its field.
     */
    private void redeem(Context ctx) {
        JsonRequest body = JsonRequest.read(ctx, mapper);
        String token = body.text("token");
        String robotId = body.text("robot_id");
        String name = body.text("name");
        String machine = body.text("machine");
        String client = body.text("client");
        String version = body.text("version");
        List<String> capabilities = body.strings("capabilities");
        Map<String, String> labels = body.stringMap("labels");
        FieldErrors errors = body.errors();
        if (token == null) {
            errors.add("token", "is required");
        }
        RobotId id = robotId == null ? null : errors.collect(() -> new RobotId(robotId));
        RobotLabels checkedLabels = labels == null ? null : errors.collect(() -> RobotLabels.of("labels", labels));
        // the robot's report checked as on its upgrade (with any id: the enrollment decides which)
        errors.collect(() -> new RobotIdentity(id == null ? new RobotId("x") : id, name, machine, client, version,
                capabilities, checkedLabels));
        errors.throwIfAny();
        RedeemEnrollment.Enrolled enrolled = redeemEnrollment.redeem(token, new RedeemEnrollment.Sent(id, name, machine,
                client, version, capabilities == null ? List.of() : capabilities, checkedLabels));
        ctx.status(201).json(Envelope.ok(new Enrolled(enrolled.robotId().value(), enrolled.credential().reveal(),
                enrolled.credential().prefix())));
    }

    private void revoke(Context ctx, Caller caller) {
        RobotId id = new RobotId(RobotId.of("id", ctx.pathParam("id")));
        int revoked = revokeRobot.revoke(caller.userId(), id);
        ctx.json(Envelope.ok(new Revoked(id.value(), revoked)));
    }
}
