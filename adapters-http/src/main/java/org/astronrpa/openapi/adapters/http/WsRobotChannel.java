package org.astronrpa.openapi.adapters.http;

import java.util.Map;
import java.util.UUID;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.execution.RobotChannel;
import org.astronrpa.openapi.domain.execution.RunOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Sends the run and stop frames of API.md §5.1 over one robot's WebSocket. */
final class WsRobotChannel implements RobotChannel {
    private final OutgoingFrames out;
    private final ObjectMapper mapper;
    private final java.util.function.LongSupplier epochSeconds;
    private static final int REMEMBERED_STOPS = 16;
    private final java.util.ArrayDeque<String> stopEvents = new java.util.ArrayDeque<>();

    WsRobotChannel(OutgoingFrames out, ObjectMapper mapper, java.util.function.LongSupplier epochSeconds) {
        this.out = out;
        this.mapper = mapper;
        this.epochSeconds = epochSeconds;
    }

    @Override
    public boolean sendRun(RunOrder order) {
        return sendRun(order, null);
    }

    @Override
    public boolean sendRun(RunOrder order, Runnable undelivered) {
        ObjectNode data = mapper.createObjectNode();
        data.put("project_id", order.projectId());
        data.put("exec_position", order.execPosition());
        data.put("jwt", "");
        data.put("run_param", runParam(order.paramsJson()));
        data.put("execution_id", order.executionId().value());
        ObjectNode frame = mapper.createObjectNode();
        frame.put("channel", "remote");
        frame.put("key", "run");
        frame.put("uuid", "$root$");
        frame.put("send_uuid", order.userId());
        frame.put("need_reply", true);
        frame.put("event_id", order.eventId());
        frame.put("event_time", epochSeconds.getAsLong());
        frame.set("data", data);
        return out.send(mapper.writeValueAsString(frame), undelivered);
    }

    /**
     * Whether {@code replyEventId} answers one of the last stop frames sent here. Robots answer stops although they
     * say {@code need_reply: false} (old robots with an error string, new ones with the outcome of
     * {@code stop_current}); such answers concern no execution.
     */
    boolean answersStop(String replyEventId) {
        synchronized (stopEvents) {
            return stopEvents.contains(replyEventId);
        }
    }

    private void rememberStop(String eventId) {
        synchronized (stopEvents) {
            stopEvents.addLast(eventId);
            while (stopEvents.size() > REMEMBERED_STOPS) {
                stopEvents.removeFirst();
            }
        }
    }

    @Override
    public void sendStop(String eventId, ExecutionId executionId, String projectId, boolean wholeDesktop) {
        ObjectNode frame = mapper.createObjectNode();
        frame.put("channel", "remote");
        frame.put("key", "stop");
        frame.put("need_reply", false);
        frame.put("event_id", UUID.randomUUID().toString());
        rememberStop(frame.get("event_id").asString());
        frame.put("event_time", epochSeconds.getAsLong());
        frame.set("data", mapper.valueToTree(Map.of("execution_id", executionId.value(), "project_id", projectId)));
        send(frame);
        if (!wholeDesktop) {
            return;
        }
        // newer astron-rpa robots only know "stop_current" (stop whatever this desktop runs: one run per connection)
        ObjectNode current = frame.deepCopy();
        current.put("key", "stop_current");
        current.put("event_id", UUID.randomUUID().toString());
        rememberStop(current.get("event_id").asString());
        send(current);
    }

    /** The robot's parameter list: a JSON string of {@code [{"varName": k, "varValue": v}, ...]}. */
    private String runParam(String paramsJson) {
        ArrayNode list = mapper.createArrayNode();
        JsonNode params = mapper.readTree(paramsJson);
        params.properties().forEach(entry -> list.addObject().put("varName", entry.getKey()).set("varValue", entry.getValue()));
        return mapper.writeValueAsString(list);
    }

    /** False when the frame certainly did not leave: the connection is gone or does not read. */
    private boolean send(ObjectNode frame) {
        return out.send(mapper.writeValueAsString(frame));
    }

    /** Close code of a connection replaced by a newer one of the same robot: a client should not reconnect on it. */
    static final int CLOSE_REPLACED = 4001;
    /** Close code of a robot its owner revoked: its credential no longer lets it in. */
    static final int CLOSE_REVOKED = 4003;

    @Override
    public void dismiss(Dismissal reason) {
        switch (reason) {
            case REPLACED -> out.close(CLOSE_REPLACED, "replaced by a newer connection of the same robot");
            case REVOKED -> out.close(CLOSE_REVOKED, "the robot was revoked by its owner");
        }
    }
}
