package org.astronrpa.openapi.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.execution.Execution;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.execution.LogLine;
import org.astronrpa.openapi.domain.shared.UserId;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /ws/events}: every status change and log line of the caller's executions (API.md §5.2), optionally
 * narrowed by {@code ?execution_id=} or {@code ?project_id=}.
 */
final class EventsSocket {
    private static final String SUBSCRIPTION_ATTRIBUTE = "rpa.subscription";
    private static final String OUT_ATTRIBUTE = "rpa.events.out";
    private static final String WATCHER_ATTRIBUTE = "rpa.events.watcher";

    private final ExecutionEvents events;
    private final ObjectMapper mapper;
    private final WsQueueSettings limits;

    private final KeyBoundSockets keySockets;

    /** The unfiltered watchers of each user, who also hear of that user's robots. */
    private final java.util.concurrent.ConcurrentHashMap<UserId, java.util.Set<Watcher>> robotWatchers =
            new java.util.concurrent.ConcurrentHashMap<>();

    EventsSocket(ExecutionEvents events, org.astronrpa.openapi.domain.robot.RobotChangeFeed robots, ObjectMapper mapper,
                 KeyBoundSockets keySockets, WsQueueSettings limits) {
        this.events = events;
        this.mapper = mapper;
        this.keySockets = keySockets;
        this.limits = limits;
        robots.listen(this::robotEvent);
    }

    /** {@code robot.online|offline|changed|drained|deleted}, with the robot's record as it was then. */
    record RobotEventJson(String type, @JsonProperty("robot_id") String robotId, String name, String machine,
                          java.util.Map<String, String> labels, String client, String version,
                          java.util.List<String> capabilities, boolean draining,
                          @JsonProperty("first_seen") String firstSeen, @JsonProperty("last_seen") String lastSeen,
                          @JsonProperty("connection_id") String connectionId, String instance, String time) {

        static RobotEventJson from(org.astronrpa.openapi.domain.robot.RobotEvent event) {
            var robot = event.robot();
            String connection = null;
            String instance = null;
            String type = switch (event) {
                case org.astronrpa.openapi.domain.robot.RobotEvent.Online online -> {
                    connection = online.connectionId();
                    instance = online.instance();
                    yield "robot.online";
                }
                case org.astronrpa.openapi.domain.robot.RobotEvent.Offline offline -> {
                    connection = offline.connectionId();
                    yield "robot.offline";
                }
                case org.astronrpa.openapi.domain.robot.RobotEvent.Changed changed -> "robot.changed";
                case org.astronrpa.openapi.domain.robot.RobotEvent.Drained drained -> "robot.drained";
                case org.astronrpa.openapi.domain.robot.RobotEvent.Revoked revoked -> "robot.revoked";
                case org.astronrpa.openapi.domain.robot.RobotEvent.Deleted deleted -> "robot.deleted";
                // not sent (robotEvent): an enrollment is in the audit log; watchers hear the robot come online
                case org.astronrpa.openapi.domain.robot.RobotEvent.Enrolled enrolled -> "robot.enrolled";
            };
            return new RobotEventJson(type, robot.id().value(), robot.name(), robot.machine(), robot.labels().values(),
                    robot.clientKind(), robot.clientVersion(), robot.capabilities(), robot.draining(),
                    Times.format(robot.firstSeen()), Times.format(robot.lastSeen()), connection, instance,
                    Times.format(event.occurredAt()));
        }
    }

    private void robotEvent(org.astronrpa.openapi.domain.robot.RobotEvent event) {
        if (event instanceof org.astronrpa.openapi.domain.robot.RobotEvent.Enrolled) {
            return;   // not one of the watcher events of API.md §5.2
        }
        java.util.Set<Watcher> watchers = robotWatchers.get(event.ownerId());
        if (watchers == null || watchers.isEmpty()) {
            return;
        }
        String text = mapper.writeValueAsString(RobotEventJson.from(event));
        watchers.forEach(watcher -> watcher.sendText(text));
    }

    record StatusEvent(String type, ExecutionJson execution) {
    }

    record LogEvent(String type, @JsonProperty("execution_id") String executionId, long seq, String time, String level,
                    String message) {
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            Caller caller = ctx.attribute(RobotSocket.CALLER_ATTRIBUTE);
            String executionId = ctx.queryParam("execution_id");
            String projectId = ctx.queryParam("project_id");
            // a watcher that does not read its events is unsubscribed at once, before its close completes
            OutgoingFrames out = new OutgoingFrames(ctx.session, limits, "watcher of " + caller.userId(),
                    () -> unsubscribe(ctx));
            ctx.attribute(OUT_ATTRIBUTE, out);
            Watcher watcher = new Watcher(out, caller.userId(), executionId, projectId, caller.grant());
            ctx.attribute(SUBSCRIPTION_ATTRIBUTE, events.subscribe(watcher));
            ctx.attribute(WATCHER_ATTRIBUTE, watcher);
            // a key hears of robots only with robots:read (its executions need executions:read to connect at all)
            if (executionId == null && projectId == null && caller.grant().permits(Scope.ROBOTS_READ)) {
                robotWatchers.computeIfAbsent(caller.userId(), u -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                        .add(watcher);
            }
            keySockets.opened(ctx, caller, true, () -> unsubscribe(ctx));
        });
        ws.onMessage(ctx -> {
            if (ctx.message().contains("\"ping\"")) {
                ((OutgoingFrames) ctx.attribute(OUT_ATTRIBUTE)).send("{\"channel\":\"pong\"}");
            }
        });
        ws.onClose(this::unsubscribe);
        ws.onError(this::unsubscribe);
    }

    private void unsubscribe(WsContext ctx) {
        keySockets.closed(ctx);
        OutgoingFrames out = ctx.attribute(OUT_ATTRIBUTE);
        if (out != null) {
            out.markGone();
        }
        ExecutionEvents.Subscription subscription = ctx.attribute(SUBSCRIPTION_ATTRIBUTE);
        if (subscription != null) {
            subscription.close();
        }
        Watcher watcher = ctx.attribute(WATCHER_ATTRIBUTE);
        if (watcher != null) {
            robotWatchers.computeIfPresent(watcher.owner, (owner, watchers) -> {
                watchers.remove(watcher);
                return watchers.isEmpty() ? null : watchers;
            });
        }
    }

    /** One watcher's filter and way out. */
    private final class Watcher implements ExecutionEvents.Listener {
        private final OutgoingFrames out;
        private final UserId owner;
        private final String executionId;
        private final String projectId;
        private final org.astronrpa.openapi.domain.apikey.KeyGrant grant;

        Watcher(OutgoingFrames out, UserId owner, String executionId, String projectId,
                org.astronrpa.openapi.domain.apikey.KeyGrant grant) {
            this.out = out;
            this.owner = owner;
            this.executionId = executionId;
            this.projectId = projectId;
            this.grant = grant;
        }

        @Override
        public void statusChanged(Execution execution) {
            if (execution.isOwnedBy(owner) && matches(execution.id().value(), execution.projectId().value())) {
                send(new StatusEvent("execution.status", ExecutionJson.from(execution)));
            }
        }

        @Override
        public void logAppended(UserId lineOwner, String project, LogLine line) {
            if (lineOwner.equals(owner) && matches(line.executionId().value(), project)) {
                send(new LogEvent("execution.log", line.executionId().value(), line.seq(), Times.format(line.time()),
                        line.level(), line.message()));
            }
        }

        /** The watcher's own filter, and its key's allow-list: a key hears only of the workflows it sees. */
        private boolean matches(String execution, String project) {
            return (executionId == null || executionId.equals(execution))
                    && (projectId == null || projectId.equalsIgnoreCase(project))
                    && (!grant.limitedToWorkflows() || project != null
                            && grant.sees(new org.astronrpa.openapi.domain.workflow.ProjectId(project)));
        }

        private void send(Object event) {
            if (!out.isGone()) {
                out.send(mapper.writeValueAsString(event));
            }
        }

        void sendText(String text) {
            if (!out.isGone()) {
                out.send(text);
            }
        }
    }
}
