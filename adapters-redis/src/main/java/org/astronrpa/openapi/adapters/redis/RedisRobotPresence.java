package org.astronrpa.openapi.adapters.redis;

import io.lettuce.core.RedisFuture;
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
 * registry's lock) and keep a local copy, so that a heartbeat finding Redis emptied can announce everything again.
 * Lookups are synchronous, bounded by the command timeout, and answer "nobody else" when Redis fails.
 */
final class RedisRobotPresence implements RobotPresence {
    private final StatefulRedisConnection<String, String> connection;
    private final Keys keys;
    private final String self;
    private final RedisClusterMembership membership;
    private final Failures failures;
    private final Map<String, ConnectionEntry> held = new ConcurrentHashMap<>();

    RedisRobotPresence(StatefulRedisConnection<String, String> connection, Keys keys, String self,
                       RedisClusterMembership membership, Failures failures) {
        this.connection = connection;
        this.keys = keys;
        this.self = self;
        this.membership = membership;
        this.failures = failures;
    }

    @Override
    public void connected(String connectionId, UserId owner, Instant connectedAt, String remoteAddress) {
        ConnectionEntry entry = new ConnectionEntry(owner.value(), null, connectedAt.toEpochMilli(), remoteAddress);
        held.put(connectionId, entry);
        announce(connectionId, entry);
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
        watch("announcing a run", () -> redis.hset(keys.connections(self), connectionId, entry.encode()));
        watch("announcing a run", () -> redis.set(keys.run(execution), self));
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
        watch("announcing an idle robot", () -> redis.hset(keys.connections(self), connectionId, entry.encode()));
        if (previous.running() != null) {
            watch("announcing an idle robot", () -> redis.del(keys.run(new ExecutionId(previous.running()))));
        }
    }

    @Override
    public void disconnected(String connectionId) {
        ConnectionEntry previous = held.remove(connectionId);
        if (previous == null) {
            return;
        }
        RedisAsyncCommands<String, String> redis = connection.async();
        watch("announcing a disconnect", () -> redis.hdel(keys.connections(self), connectionId));
        watch("announcing a disconnect", () -> redis.hdel(keys.robotsOf(previous.owner()), connectionId));
        if (previous.running() != null) {
            watch("announcing a disconnect", () -> redis.del(keys.run(new ExecutionId(previous.running()))));
        }
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
                        entry.remoteAddress(), entry.running() == null ? null : new ExecutionId(entry.running())));
            }
            return robots;
        } catch (RuntimeException e) {
            failures.report("listing robots", e);
            return List.of();
        }
    }

    /** Announces every connection this instance holds (after Redis forgot them). */
    void announceAll() {
        held.forEach(this::announce);
    }

    private void announce(String connectionId, ConnectionEntry entry) {
        RedisAsyncCommands<String, String> redis = connection.async();
        watch("announcing a robot", () -> redis.hset(keys.connections(self), connectionId, entry.encode()));
        watch("announcing a robot", () -> redis.hset(keys.robotsOf(entry.owner()), connectionId, self));
        if (entry.running() != null) {
            watch("announcing a run", () -> redis.set(keys.run(new ExecutionId(entry.running())), self));
        }
    }

    private void watch(String what, java.util.function.Supplier<RedisFuture<?>> command) {
        failures.quietly(what, command);
    }
}
