package org.astronrpa.openapi.adapters.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.execution.ExecutionId;

/**
 * Membership by heartbeat: each beat sets {@code alive:<self>} to expire after the heartbeat TTL. An instance
 * whose key expired is lost. A beat that finds its own key gone (first beat, Redis restarted and forgot, or this
 * instance was silent too long) announces the instance's robots again. Leases are keys set if absent, renewed by
 * their holder only (a Lua compare-and-expire).
 */
final class RedisClusterMembership implements ClusterMembership {
    private static final String LEAD = """
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final StatefulRedisConnection<String, String> connection;
    private final Keys keys;
    private final RedisSettings settings;
    private final Failures failures;
    private final Set<String> leases = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Set<String> alive = Set.of();
    private volatile Runnable onRejoin = () -> { };

    RedisClusterMembership(StatefulRedisConnection<String, String> connection, Keys keys, RedisSettings settings,
                           Failures failures) {
        this.connection = connection;
        this.keys = keys;
        this.settings = settings;
        this.failures = failures;
    }

    void onRejoin(Runnable action) {
        this.onRejoin = action;
    }

    @Override
    public String self() {
        return settings.instanceId();
    }

    /** The instances whose beats were seen at the last heartbeat of this one (this one included). */
    boolean isAlive(String instance) {
        return self().equals(instance) || alive.contains(instance);
    }

    @Override
    public void heartbeat() {
        try {
            RedisCommands<String, String> redis = connection.sync();
            String previous = redis.setGet(keys.alive(self()), "1",
                    SetArgs.Builder.px(settings.heartbeatTtl().toMillis()));
            redis.sadd(keys.instances(), self());
            if (previous == null) {
                onRejoin.run();
            }
            refreshAlive(redis);
        } catch (RuntimeException e) {
            failures.report("heartbeat", e);
        }
    }

    private void refreshAlive(RedisCommands<String, String> redis) {
        List<String> members = new ArrayList<>(redis.smembers(keys.instances()));
        if (members.isEmpty()) {
            alive = Set.of();
            return;
        }
        List<KeyValue<String, String>> beats = redis.mget(members.stream().map(keys::alive).toArray(String[]::new));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            if (beats.get(i).hasValue()) {
                seen.add(members.get(i));
            }
        }
        alive = Set.copyOf(seen);
    }

    @Override
    public boolean lead(String task, Duration lease) {
        try {
            Long led = connection.sync().eval(LEAD, ScriptOutputType.INTEGER, new String[] {keys.lease(task)}, self(),
                    Long.toString(lease.toMillis()));
            boolean leading = led != null && led == 1;
            if (leading) {
                leases.add(task);
            } else {
                leases.remove(task);
            }
            return leading;
        } catch (RuntimeException e) {
            failures.report("leading " + task, e);
            return false;   // without Redis nobody can tell who leads: nobody does (optimistic updates stay safe)
        }
    }

    @Override
    public List<LostInstance> lost() {
        try {
            RedisCommands<String, String> redis = connection.sync();
            List<LostInstance> lost = new ArrayList<>();
            for (String instance : redis.smembers(keys.instances())) {
                if (instance.equals(self()) || redis.exists(keys.alive(instance)) > 0) {
                    continue;
                }
                List<LostConnection> connections = new ArrayList<>();
                for (Map.Entry<String, String> entry : redis.hgetall(keys.connections(instance)).entrySet()) {
                    ConnectionEntry held = ConnectionEntry.parse(entry.getValue());
                    connections.add(new LostConnection(entry.getKey(), held.owner(),
                            held.running() == null ? null : new ExecutionId(held.running())));
                }
                lost.add(new LostInstance(instance, List.copyOf(connections)));
            }
            return lost;
        } catch (RuntimeException e) {
            failures.report("looking for lost instances", e);
            return List.of();
        }
    }

    @Override
    public void forget(LostInstance instance) {
        try {
            RedisCommands<String, String> redis = connection.sync();
            for (LostConnection held : instance.connections()) {
                String robots = keys.robotsOf(held.owner());
                if (instance.instance().equals(redis.hget(robots, held.connectionId()))) {
                    redis.hdel(robots, held.connectionId());
                }
                if (held.running() != null && instance.instance().equals(redis.get(keys.run(held.running())))) {
                    redis.del(keys.run(held.running()));
                }
            }
            redis.del(keys.connections(instance.instance()));
            redis.srem(keys.instances(), instance.instance());
        } catch (RuntimeException e) {
            failures.report("forgetting lost instance " + instance.instance(), e);
        }
    }

    @Override
    public void leave() {
        RedisCommands<String, String> redis = connection.sync();
        for (String task : leases) {
            redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {keys.lease(task)}, self());
        }
        forget(new LostInstance(self(), ownConnections(redis)));
        redis.del(keys.alive(self()));
    }

    private List<LostConnection> ownConnections(RedisCommands<String, String> redis) {
        List<LostConnection> own = new ArrayList<>();
        redis.hgetall(keys.connections(self())).forEach((connection, value) -> {
            ConnectionEntry held = ConnectionEntry.parse(value);
            own.add(new LostConnection(connection, held.owner(), held.running() == null ? null : new ExecutionId(held.running())));
        });
        return own;
    }
}
