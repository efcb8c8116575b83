package org.astronrpa.openapi.simulator;

import java.time.Instant;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * One text frame a {@link SimulatedRobot} received or sent, with the number of the connection it travelled on
 * (1 for the first connection, 2 after the first reconnect, …).
 */
public final class Frame {
    private final int connection;
    private final Instant time;
    private final String text;
    private volatile JsonNode json;

    Frame(int connection, Instant time, String text) {
        this.connection = connection;
        this.time = Objects.requireNonNull(time);
        this.text = Objects.requireNonNull(text);
    }

    public int connection() {
        return connection;
    }

    public Instant time() {
        return time;
    }

    /** The frame exactly as it went over the wire. */
    public String text() {
        return text;
    }

    /** The parsed frame; a {@link MissingNode} when the text is not JSON. */
    public JsonNode json() {
        JsonNode parsed = json;
        if (parsed == null) {
            parsed = Json.parse(text);
            json = parsed = parsed == null ? MissingNode.getInstance() : parsed;
        }
        return parsed;
    }

    /** {@code channel}, or {@code null} when absent or not a string. */
    public String channel() {
        return member("channel");
    }

    /** {@code key}, or {@code null} when absent or not a string. */
    public String key() {
        return member("key");
    }

    /** {@code event_id}, or {@code null} when absent or not a string. */
    public String eventId() {
        return member("event_id");
    }

    /** {@code reply_event_id}, or {@code null} when absent or not a string. */
    public String replyEventId() {
        return member("reply_event_id");
    }

    /** {@code data}; a {@link MissingNode} when absent. */
    public JsonNode data() {
        return json().path("data");
    }

    private String member(String name) {
        JsonNode value = json().get(name);
        return value != null && value.isString() ? value.asString() : null;
    }

    @Override
    public String toString() {
        return "#" + connection + " " + text;
    }
}
