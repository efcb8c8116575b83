package org.astronrpa.openapi.adapters.http;

import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.dispatch.RobotRegistry;
import org.astronrpa.openapi.application.robot.AppendRobotLog;
import org.astronrpa.openapi.application.robot.ConfirmRobotStop;
import org.astronrpa.openapi.application.robot.ConnectRobot;
import org.astronrpa.openapi.application.robot.DisconnectRobot;
import org.astronrpa.openapi.application.robot.HandleRobotReply;
import org.astronrpa.openapi.domain.execution.RobotReply;
import org.astronrpa.openapi.domain.robot.RobotIdentity;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Conflict;
import org.astronrpa.openapi.domain.shared.DomainException;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.NotFound;
import org.astronrpa.openapi.domain.shared.NotPermitted;
import org.astronrpa.openapi.domain.shared.Throttled;
import org.astronrpa.openapi.domain.shared.Unauthorized;
import org.astronrpa.openapi.domain.shared.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /ws}: the desktop robots' protocol (API.md §5.1, wire-compatible with astron-rpa's rpawebsocket
 * client). A reply is recognised by its {@code reply_event_id} before anything else (real robots echo the run
 * frame's channel and key in it); pings get pongs; log lines are stored; anything unlawful ends the connection.
 */
final class RobotSocket {
    private static final Logger LOG = LoggerFactory.getLogger(RobotSocket.class);
    static final String CALLER_ATTRIBUTE = "rpa.caller";
    private static final String IDENTITY_ATTRIBUTE = "rpa.robot.identity";
    private static final String CONNECTION_ATTRIBUTE = "rpa.robot";
    private static final String CHANNEL_ATTRIBUTE = "rpa.robot.channel";
    private static final String OUT_ATTRIBUTE = "rpa.robot.out";
    private static final String LOGS_ATTRIBUTE = "rpa.robot.logs";
    private static final String PONG = "{\"channel\":\"pong\"}";

    /** Pauses between attempts to store a reply or log line that failed: about a minute in all. */
    static final long[] RETRY_PAUSES_MS = {100, 250, 500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000};

    private final ConnectRobot connectRobot;
    private final DisconnectRobot disconnectRobot;
    private final HandleRobotReply handleReply;
    private final ConfirmRobotStop confirmStop;
    private final AppendRobotLog appendLog;
    private final ObjectMapper mapper;
    private final WsQueueSettings limits;
    private final java.util.concurrent.atomic.AtomicInteger retrying = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;
    private final java.util.Set<WsContext> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final KeyBoundSockets keySockets;

    RobotSocket(ConnectRobot connectRobot, DisconnectRobot disconnectRobot, HandleRobotReply handleReply,
                ConfirmRobotStop confirmStop, AppendRobotLog appendLog, ObjectMapper mapper,
                KeyBoundSockets keySockets, WsQueueSettings limits) {
        this.confirmStop = confirmStop;
        this.connectRobot = connectRobot;
        this.disconnectRobot = disconnectRobot;
        this.handleReply = handleReply;
        this.appendLog = appendLog;
        this.mapper = mapper;
        this.keySockets = keySockets;
        this.limits = limits;
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            open.add(ctx);
            Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
            String connectionId = "robot-" + UUID.randomUUID();
            ctx.attribute(CONNECTION_ATTRIBUTE, connectionId);
            String remote = String.valueOf(ctx.session.getRemoteSocketAddress());
            OutgoingFrames out = new OutgoingFrames(ctx.session, limits, "robot " + connectionId,
                    () -> disconnect(ctx, "it did not read what it was sent"));
            ctx.attribute(OUT_ATTRIBUTE, out);
            WsRobotChannel channel = new WsRobotChannel(out, mapper, () -> Instant.now().getEpochSecond());
            ctx.attribute(CHANNEL_ATTRIBUTE, channel);
            ctx.attribute(LOGS_ATTRIBUTE, new RobotLogBacklog(connectionId, caller.userId(), appendLog));
            LOG.info("robot {} of user {} connected from {}", connectionId, caller.userId(), remote);
            keySockets.opened(ctx, caller, false, () -> disconnect(ctx, "its API key stopped working"));
            RobotRegistry.Robot robot = new RobotRegistry.Robot(connectionId, caller.userId(), Instant.now(), remote, channel);
            Optional<RobotIdentity> identity = Optional.ofNullable(ctx.attribute(IDENTITY_ATTRIBUTE));
            Thread.ofVirtual().name("robot-connect").start(() -> register(robot, identity, out));
        });
        ws.onMessage(this::onMessage);
        ws.onClose(ctx -> disconnect(ctx, "closed " + ctx.status() + " " + ctx.reason()));
        ws.onError(ctx -> disconnect(ctx, "error " + (ctx.error() == null ? "" : ctx.error().toString())));
    }

    /**
     * Before the upgrade: reads who a managed robot says it is ({@link RobotIdentityParams}); a refusal names the field
     * (422) and no connection opens. An unnamed robot passes unchanged.
     */
    static void attachIdentity(io.javalin.http.Context ctx) {
        Optional<RobotIdentity> identity = RobotIdentityParams.of(ctx::queryParam, ctx::header);
        Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
        if (caller != null && caller.method() == Caller.Method.ROBOT) {
            // a robot credential connects its robot, and only it
            if (identity.isPresent() && !identity.get().id().equals(caller.robot())) {
                throw new org.astronrpa.openapi.application.auth.Forbidden("this credential connects robot '"
                        + caller.robot() + "', not '" + identity.get().id() + "' (robot_id)");
            }
            identity = Optional.of(identity.orElseGet(() -> new RobotIdentity(caller.robot(), null, null, null, null,
                    List.of(), null)));
        }
        identity.ifPresent(who -> ctx.attribute(IDENTITY_ATTRIBUTE, who));
    }

    /** Text frames that wait in Jetty for the robots connected here to read them (tests see a backlog build up). */
    int queuedFrames() {
        int queued = 0;
        for (WsContext ctx : List.copyOf(open)) {
            OutgoingFrames out = ctx.attribute(OUT_ATTRIBUTE);
            queued += out == null ? 0 : out.queuedFrames();
        }
        return queued;
    }

    /** Says goodbye (1001 "going away") to every robot still connected: they reconnect, to another instance if any. */
    void goingAway() {
        for (WsContext ctx : List.copyOf(open)) {
            try {
                ctx.closeSession(1001, "the server is stopping");
            } catch (RuntimeException e) {
                LOG.debug("could not close a robot connection: {}", e.toString());
            }
        }
    }

    /**
     * Registers the robot (which may dispatch to it) off Jetty's event thread: while that thread is busy, Jetty reads
     * nothing from the connection, so a close during a slow registration would only be seen after a run was sent
     * into it. A connection that closed meanwhile is forgotten again here, so no ghost outlives its socket.
     */
    private void register(RobotRegistry.Robot robot, Optional<RobotIdentity> identity, OutgoingFrames out) {
        try {
            connectRobot.connect(robot, identity);
        } catch (RuntimeException e) {
            LOG.warn("could not register robot {}: {}; it is asked to come back later", robot.connectionId(), e.toString());
            out.close(1011, "the robot could not be registered; try again");
        }
        if (out.isGone()) {
            disconnectRobot.disconnect(robot.connectionId());
        }
    }

    /** Forgets the connection, once: on its close, at once when it stopped reading or its API key stopped working. */
    private void disconnect(WsContext ctx, String why) {
        keySockets.closed(ctx);
        if (!open.remove(ctx)) {
            return;
        }
        OutgoingFrames out = ctx.attribute(OUT_ATTRIBUTE);
        if (out != null) {
            out.markGone();
        }
        RobotLogBacklog logs = ctx.attribute(LOGS_ATTRIBUTE);
        if (logs != null) {
            logs.drop();
        }
        String connectionId = ctx.attribute(CONNECTION_ATTRIBUTE);
        if (connectionId != null) {
            disconnectRobot.disconnect(connectionId);
            LOG.info("robot {} disconnected: {}", connectionId, why);
        }
    }

    private void onMessage(WsMessageContext ctx) {
        JsonNode frame;
        try {
            frame = mapper.readTree(ctx.message());
        } catch (JacksonException e) {
            refuse(ctx, "the frame is not JSON");
            return;
        }
        if (frame == null || !frame.isObject()) {
            refuse(ctx, "a frame must be a JSON object");
            return;
        }
        JsonNode replyTo = frame.get("reply_event_id");
        if (replyTo != null && replyTo.isString() && !replyTo.stringValue().isBlank()) {
            String eventId = replyTo.stringValue();
            WsRobotChannel channel = ctx.attribute(CHANNEL_ATTRIBUTE);
            if (channel != null && channel.answersStop(eventId)) {
                LOG.debug("robot {} answered a stop: {}", ctx.attribute(CONNECTION_ATTRIBUTE), frame.get("data"));
                return;
            }
            RobotReply reply = reply(frame.get("data"));
            Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
            deliver("the reply to event " + eventId, () -> handleReply.handle(caller.userId(), eventId, reply), 0);
            return;
        }
        JsonNode channel = frame.get("channel");
        if (channel == null || !channel.isString()) {
            refuse(ctx, "a frame needs a channel or a reply_event_id");
            return;
        }
        switch (channel.stringValue()) {
            case "ping" -> ((OutgoingFrames) ctx.attribute(OUT_ATTRIBUTE)).send(PONG);
            case "execution" -> execution(ctx, frame);
            default -> LOG.debug("ignored a frame on channel {}", channel.stringValue());
        }
    }

    /** Log lines are stored behind the reader, in order: a reply that follows them goes straight through. */
    private void execution(WsMessageContext ctx, JsonNode frame) {
        String key = frame.path("key").asString("");
        JsonNode data = frame.path("data");
        if (key.equals("log")) {
            RobotLogBacklog logs = ctx.attribute(LOGS_ATTRIBUTE);
            logs.offer(new RobotLogBacklog.Line(data.path("execution_id").asString(null), data.path("level").asString(null),
                    data.path("message").asString(""), Instant.now()));
        } else if (key.equals("stopped")) {
            // a robot that confirms stops: the run it was told to stop has ended on its desktop
            String executionId = data.path("execution_id").isString() ? data.path("execution_id").stringValue() : null;
            Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
            deliver("the stop confirmation of execution " + executionId,
                    () -> confirmStop.confirm(caller.userId(), executionId), 0);
        }
        // "status" (RUNNING) is accepted: the execution is RUNNING from its dispatch already
    }

    /** The reply's {@code data} read by the §3 rule: a string holding a JSON object counts as that object. */
    RobotReply reply(JsonNode data) {
        if (data == null) {
            return new RobotReply.OtherReply("null");
        }
        if (data.isString()) {
            try {
                JsonNode parsed = mapper.readTree(data.stringValue());
                if (parsed != null && parsed.isObject()) {
                    return objectReply(parsed);
                }
            } catch (JacksonException notJson) {
                // a plain error sentence
            }
            return new RobotReply.TextReply(data.stringValue());
        }
        if (data.isObject()) {
            return objectReply(data);
        }
        return new RobotReply.OtherReply(mapper.writeValueAsString(data));
    }

    private RobotReply objectReply(JsonNode object) {
        JsonNode code = object.get("code");
        JsonNode msg = object.get("msg");
        JsonNode data = object.get("data");
        return new RobotReply.ObjectReply(code == null || code.isNull() ? null : code.asString(),
                msg == null || msg.isNull() ? null : msg.asString(),
                data == null ? null : mapper.writeValueAsString(data));
    }

    /**
     * Applies a robot's reply; when that fails for a passing reason (the database overloaded or restarting),
     * tries again in the background with growing pauses for about a minute instead of losing it — the robot
     * never sends a reply twice — and keeps the connection open.
     */
    private void deliver(String what, Runnable action, int attempt) {
        try {
            action.run();
        } catch (RuntimeException failed) {
            Outcome outcome = failed instanceof DomainException refused ? outcomeOf(refused) : Outcome.RETRY_THEN_LOSE;
            if (outcome == Outcome.DROP || (outcome == Outcome.RETRY_THEN_DROP && attempt >= RETRY_PAUSES_MS.length)) {
                LOG.warn("{} was refused: {}", what, failed.getMessage());
            } else if (attempt >= RETRY_PAUSES_MS.length) {
                LOG.error("{} could not be stored after {} attempts over about a minute; it is lost", what,
                        attempt + 1, failed);
            } else {
                retry(what, action, attempt, failed);
            }
        }
    }

    /** What becomes of a refused frame: dropped, or tried again (and then dropped or reported lost). */
    private enum Outcome { DROP, RETRY_THEN_DROP, RETRY_THEN_LOSE }

    /** Each category of refusal decides; the compiler checks that all are here. */
    private static Outcome outcomeOf(DomainException refused) {
        return switch (refused) {
            case Unavailable passing -> Outcome.RETRY_THEN_LOSE;     // the database is back in a moment
            case ConcurrentUpdate lostRace -> Outcome.RETRY_THEN_DROP;  // the next attempt reads the winner's row
            case Conflict e -> Outcome.DROP;
            case NotFound e -> Outcome.DROP;
            case InvalidInput e -> Outcome.DROP;
            case Unauthorized e -> Outcome.DROP;
            case NotPermitted e -> Outcome.DROP;
            case Throttled e -> Outcome.DROP;
        };
    }

    /** Each retry waits on a virtual thread of its own: a slow database delays no other frame's retry. */
    private void retry(String what, Runnable action, int attempt, RuntimeException failure) {
        LOG.warn("{} could not be stored ({}); trying again in {} ms", what, failure.toString(), RETRY_PAUSES_MS[attempt]);
        retrying.incrementAndGet();
        Thread.ofVirtual().name("robot-frame-retry").start(() -> {
            try {
                Thread.sleep(RETRY_PAUSES_MS[attempt]);
                if (closed) {
                    LOG.error("{} is lost: the server stopped before it could be stored", what);
                    return;
                }
                deliver(what, action, attempt + 1);
            } catch (InterruptedException e) {
                LOG.error("{} is lost: interrupted before it could be stored", what);
            } finally {
                retrying.decrementAndGet();
            }
        });
    }

    /** The server stops: retries of replies still waiting give up (each says so in the log). */
    void close() {
        closed = true;
        int waiting = retrying.get();
        if (waiting > 0) {
            LOG.error("{} robot replies or log lines were still waiting to be stored as the server stopped", waiting);
        }
    }

    private void refuse(WsMessageContext ctx, String why) {
        LOG.info("closing robot connection {}: {}", ctx.attribute(CONNECTION_ATTRIBUTE), why);
        OutgoingFrames out = ctx.attribute(OUT_ATTRIBUTE);
        out.send(mapper.writeValueAsString(mapper.createObjectNode().put("channel", "exit")
                .set("data", mapper.createObjectNode().put("error", why))));
        out.close(1008, why);
    }
}
