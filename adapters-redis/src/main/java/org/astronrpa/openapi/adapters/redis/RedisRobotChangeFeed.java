package org.astronrpa.openapi.adapters.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.robot.Robot;
import org.astronrpa.openapi.domain.robot.RobotChangeFeed;
import org.astronrpa.openapi.domain.robot.RobotEvent;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.shared.UserId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Robot events on the {@code robots-changed} channel, each with the robot's record as it was then; this instance hears
 * its own at once. A message this version cannot read is reported and dropped (the next event of that robot carries
 * its record whole).
 */
final class RedisRobotChangeFeed implements RobotChangeFeed {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final RedisBroadcast broadcast;

    RedisRobotChangeFeed(RedisBroadcast broadcast) {
        this.broadcast = broadcast;
    }

    @Override
    public void announce(RobotEvent event) {
        broadcast.announce(event.eventId(), encode(event));
    }

    @Override
    public void listen(Consumer<RobotEvent> listener) {
        broadcast.listen(text -> listener.accept(decode(text)));
    }

    static String encode(RobotEvent event) {
        ObjectNode root = JSON.createObjectNode().put("event_id", event.eventId())
                .put("occurred_at", event.occurredAt().toString());
        Robot robot = event.robot();
        ObjectNode r = root.putObject("robot").put("id", robot.id().value()).put("owner", robot.owner().value())
                .put("name", robot.name()).put("machine", robot.machine()).put("client_kind", robot.clientKind())
                .put("client_version", robot.clientVersion()).put("draining", robot.draining())
                .put("first_seen", robot.firstSeen().toString()).put("last_seen", robot.lastSeen().toString())
                .put("revision", robot.revision());
        ObjectNode labels = r.putObject("labels");
        robot.labels().values().forEach(labels::put);
        robot.capabilities().forEach(r.putArray("capabilities")::add);
        String kind = switch (event) {
            case RobotEvent.Online online -> {
                root.put("connection_id", online.connectionId()).put("instance", online.instance())
                        .put("connected_at", online.connectedAt().toString());
                yield "online";
            }
            case RobotEvent.Offline offline -> {
                root.put("connection_id", offline.connectionId());
                yield "offline";
            }
            case RobotEvent.Changed changed -> "changed";
            case RobotEvent.Drained drained -> "drained";
            case RobotEvent.Revoked revoked -> "revoked";
            case RobotEvent.Deleted deleted -> "deleted";
            case RobotEvent.Enrolled enrolled -> "enrolled";
        };
        return JSON.writeValueAsString(root.put("kind", kind));
    }

    static RobotEvent decode(String text) {
        JsonNode root = JSON.readTree(text);
        String id = root.path("event_id").asString();
        Instant at = Instant.parse(root.path("occurred_at").asString());
        JsonNode r = root.path("robot");
        Map<String, String> labels = new LinkedHashMap<>();
        r.path("labels").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asString()));
        List<String> capabilities = new ArrayList<>();
        r.path("capabilities").forEach(capability -> capabilities.add(capability.asString()));
        Robot robot = new Robot(new RobotId(r.path("id").asString()), new UserId(r.path("owner").asString()),
                r.path("name").asString(), optional(r, "machine"), RobotLabels.of("labels", labels),
                r.path("client_kind").asString(), optional(r, "client_version"), capabilities,
                r.path("draining").asBoolean(), Instant.parse(r.path("first_seen").asString()),
                Instant.parse(r.path("last_seen").asString()), r.path("revision").asLong());
        return switch (root.path("kind").asString()) {
            case "online" -> new RobotEvent.Online(id, robot, root.path("connection_id").asString(),
                    root.path("instance").asString(), Instant.parse(root.path("connected_at").asString()), at);
            case "offline" -> new RobotEvent.Offline(id, robot, root.path("connection_id").asString(), at);
            case "changed" -> new RobotEvent.Changed(id, robot, at);
            case "drained" -> new RobotEvent.Drained(id, robot, at);
            case "revoked" -> new RobotEvent.Revoked(id, robot, at);
            case "deleted" -> new RobotEvent.Deleted(id, robot, at);
            case "enrolled" -> new RobotEvent.Enrolled(id, robot, at);
            default -> throw new IllegalArgumentException("unknown robot event kind " + root.path("kind"));
        };
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
