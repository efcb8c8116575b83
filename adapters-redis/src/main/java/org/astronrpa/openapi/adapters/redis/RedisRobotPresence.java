package org.astronrpa.openapi.adapters.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.execution.ExecutionId;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Robot presence in Redis. Announcements are asynchronous (never blocking the caller, which may hold the robot
 * registry's lock) and keep a local copy: when a write fails, or Redis forgot, the next heartbeat rewrites it all
 * ({@link #repair}).
 * Lookups are synchronous, bounded by the command timeout, and answer "nobody else" when Redis fails.
 */
final class RedisRobotPresence implements RobotPresence {
    private final StatefulRedisConnection<String, String> connection;
    private final Keys keys;
    private final String self;
    private final RedisClusterMembership membership;
    private final Failures failures;
    private final Map<String, ConnectionEntry> held = new ConcurrentHashMap<>();
    /** Disconnects whose removal from {@code robots:<owner>} failed: connection id → owner, retried by repair. */
    private final Map<String, String> removals = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    /** Run marks outlive the longest run (24 h) and a margin, so a mark whose removal was lost does not stay forever. */
    private static final SetArgs RUN_MARK_LIFETIME = SetArgs.Builder.ex(java.time.Duration.ofHours(25).toSeconds());
    private static final String DELETE_IF_MINE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;
    private static final String DELETE_FIELD_IF_MINE = """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
            return 0
            """;

    RedisRobotPresence(StatefulRedisConnection<String, String> connection, Keys keys, String self,
                       RedisClusterMembership membership, Failures failures) {
        this.connection = connection;
        this.keys = keys;
        this.self = self;
        this.membership = membership;
        this.failures = failures;
    }

    @Override
    public void connected(String connectionId, UserId owner, Instant connectedAt, String remoteAddress,
                          org.astronrpa.openapi.domain.robot.RobotId robotId) {
        ConnectionEntry entry = new ConnectionEntry(owner.value(), null, connectedAt.toEpochMilli(), remoteAddress,
                robotId == null ? null : robotId.value());
        held.put(connectionId, entry);
        RedisAsyncCommands<String, String> redis = connection.async();
        write("announcing a robot", () -> redis.hset(keys.connections(self), connectionId, entry.encode()));
        write("announcing a robot", () -> redis.hset(keys.robotsOf(entry.owner()), connectionId, self));
    }

    @Override
    public void running(String connectionId, ExecutionId execution) {
        ConnectionEntry previous = held.get(connectionId);
        if (previous == null) {
            return;
        }
        ConnectionEntry entry = previous.withRunning(execution.value());
        held.put(connectionId, entry);
        RedisAsyncCommands<String, String> redis = connection.async();
        write("announcing a run", () -> redis.hset(keys.connections(self), connectionId, entry.encode()));
        write("announcing a run", () -> redis.set(keys.run(execution), self, RUN_MARK_LIFETIME));
    }

    @Override
    public void idle(String connectionId) {
        ConnectionEntry previous = held.get(connectionId);
        if (previous == null) {
            return;
        }
        ConnectionEntry entry = previous.withRunning(null);
        held.put(connectionId, entry);
        RedisAsyncCommands<String, String> redis = connection.async();
        write("announcing an idle robot", () -> redis.hset(keys.connections(self), connectionId, entry.encode()));
        if (previous.running() != null) {
            dropRunMark(redis, new ExecutionId(previous.running()));
        }
    }

    @Override
    public void disconnected(String connectionId) {
        ConnectionEntry previous = held.remove(connectionId);
        if (previous == null) {
            return;
        }
        RedisAsyncCommands<String, String> redis = connection.async();
        write("announcing a disconnect", () -> redis.hdel(keys.connections(self), connectionId), () -> removals.put(connectionId, previous.owner()));
        write("announcing a disconnect", () -> redis.eval(DELETE_FIELD_IF_MINE, ScriptOutputType.INTEGER,
                new String[] {keys.robotsOf(previous.owner())}, connectionId, self),
                () -> removals.put(connectionId, previous.owner()));
        if (previous.running() != null) {
            dropRunMark(redis, new ExecutionId(previous.running()));
        }
    }

    /** A run mark is removed only by the instance that set it (another instance may hold that run by now). */
    private void dropRunMark(RedisAsyncCommands<String, String> redis, ExecutionId execution) {
        write("removing a run mark", () -> redis.eval(DELETE_IF_MINE, ScriptOutputType.INTEGER,
                new String[] {keys.run(execution)}, self));
    }

    @Override
    public Set<String> otherInstancesWithRobotsOf(UserId owner) {
        try {
            Set<String> others = new LinkedHashSet<>();
            for (String instance : connection.sync().hvals(keys.robotsOf(owner))) {
                if (!instance.equals(self) && membership.isAlive(instance)) {
                    others.add(instance);
                }
            }
            return others;
        } catch (RuntimeException e) {
            failures.report("looking up robots", e);
            return Set.of();
        }
    }

    @Override
    public Optional<String> instanceRunning(ExecutionId execution) {
        try {
            String instance = connection.sync().get(keys.run(execution));
            return instance != null && membership.isAlive(instance) ? Optional.of(instance) : Optional.empty();
        } catch (RuntimeException e) {
            failures.report("looking up a run", e);
            return Optional.empty();
        }
    }

    @Override
    public List<PresentRobot> elsewhere(UserId owner) {
        try {
            var redis = connection.sync();
            List<PresentRobot> robots = new ArrayList<>();
            for (Map.Entry<String, String> robot : redis.hgetall(keys.robotsOf(owner)).entrySet()) {
                String instance = robot.getValue();
                if (instance.equals(self) || !membership.isAlive(instance)) {
                    continue;
                }
                String value = redis.hget(keys.connections(instance), robot.getKey());
                if (value == null) {
                    continue;   // disconnecting right now
                }
                ConnectionEntry entry = ConnectionEntry.parse(value);
                robots.add(new PresentRobot(robot.getKey(), instance, Instant.ofEpochMilli(entry.connectedAtMillis()),
                        entry.remoteAddress(), entry.running() == null ? null : new ExecutionId(entry.running()),
                        entry.robotId() == null ? null : new org.astronrpa.openapi.domain.robot.RobotId(entry.robotId())));
            }
            return robots;
        } catch (RuntimeException e) {
            failures.report("listing robots", e);
            return List.of();
        }
    }

    /** Whether a presence write failed since the last {@link #repair}. */
    boolean isDirty() {
        return dirty || !removals.isEmpty();
    }

    /**
     * Rewrites this instance's presence from its own copy, synchronously (a failure is thrown to the heartbeat,
     * which then records no beat): after Redis forgot it, after this instance was forgotten as lost, or after a
     * write failed during a short outage. Also removes the connections whose disconnect could not be announced.
     */
    void repair() {
        dirty = false;
        try {
            var redis = connection.sync();
            redis.del(keys.connections(self));
            for (Map.Entry<String, ConnectionEntry> entry : held.entrySet()) {
                ConnectionEntry value = entry.getValue();
                redis.hset(keys.connections(self), entry.getKey(), value.encode());
                redis.hset(keys.robotsOf(value.owner()), entry.getKey(), self);
                if (value.running() != null) {
                    redis.set(keys.run(new ExecutionId(value.running())), self, RUN_MARK_LIFETIME);
                }
            }
            for (Map.Entry<String, String> gone : Map.copyOf(removals).entrySet()) {
                redis.eval(DELETE_FIELD_IF_MINE, ScriptOutputType.INTEGER, new String[] {keys.robotsOf(gone.getValue())},
                        gone.getKey(), self);
                removals.remove(gone.getKey(), gone.getValue());
            }
        } catch (RuntimeException e) {
            dirty = true;
            throw e;
        }
    }

    private void write(String what, java.util.function.Supplier<RedisFuture<?>> command) {
        write(what, command, () -> { });
    }

    /** An asynchronous write; if it fails (now or later) the presence is marked for repair at the next beat. */
    private void write(String what, java.util.function.Supplier<RedisFuture<?>> command, Runnable onFailure) {
        failures.quietly(what, command, () -> {
            dirty = true;
            onFailure.run();
        });
    }
}
