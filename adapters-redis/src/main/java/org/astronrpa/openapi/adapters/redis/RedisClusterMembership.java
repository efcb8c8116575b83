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
    private volatile java.util.function.BooleanSupplier needsRepair = () -> false;

    RedisClusterMembership(StatefulRedisConnection<String, String> connection, Keys keys, RedisSettings settings,
                           Failures failures) {
        this.connection = connection;
        this.keys = keys;
        this.settings = settings;
        this.failures = failures;
    }

    /** What rewrites this instance's presence, and whether a write of it failed since. */
    void onRejoin(Runnable action, java.util.function.BooleanSupplier dirty) {
        this.onRejoin = action;
        this.needsRepair = dirty;
    }

    @Override
    public String self() {
        return settings.instanceId();
    }

    /** The instances whose beats were seen at the last heartbeat of this one (this one included). */
    boolean isAlive(String instance) {
        return self().equals(instance) || alive.contains(instance);
    }

    /**
     * One beat. When this instance's presence may be incomplete in Redis — its alive key was gone (first beat, Redis
     * emptied, or it was silent too long), it had been forgotten as lost, or a presence write failed since — the
     * presence is rewritten first. Only then is the beat's start recorded in {@code beats}: every run mark written
     * before that moment is in Redis, which is what lets a survivor tell a never-sent run from a sent one.
     */
    @Override
    public void heartbeat() {
        try {
            long beganAt = System.currentTimeMillis();
            RedisCommands<String, String> redis = connection.sync();
            String previous = redis.setGet(keys.alive(self()), "1",
                    SetArgs.Builder.px(settings.heartbeatTtl().toMillis()));
            boolean rejoined = redis.sadd(keys.instances(), self()) == 1;
            if (previous == null || rejoined || needsRepair.getAsBoolean()) {
                onRejoin.run();
            }
            redis.hset(keys.beats(), self(), Long.toString(beganAt));
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
            // without Redis nobody can tell who leads: everybody does — deadlines must still be enforced, and the
            // tasks are safe to run side by side (every change is an optimistic update of the execution row)
            return true;
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
                String beat = redis.hget(keys.beats(), instance);
                lost.add(new LostInstance(instance, connectionsOf(redis, instance),
                        beat == null ? null : java.time.Instant.ofEpochMilli(Long.parseLong(beat))));
            }
            return lost;
        } catch (RuntimeException e) {
            failures.report("looking for lost instances", e);
            return List.of();
        }
    }

    private List<LostConnection> connectionsOf(RedisCommands<String, String> redis, String instance) {
        List<LostConnection> connections = new ArrayList<>();
        for (Map.Entry<String, String> entry : redis.hgetall(keys.connections(instance)).entrySet()) {
            ConnectionEntry held = ConnectionEntry.parse(entry.getValue());
            connections.add(new LostConnection(entry.getKey(), held.owner(),
                    held.running() == null ? null : new ExecutionId(held.running())));
        }
        return List.copyOf(connections);
    }

    /** Forgets an instance in one step, only while its alive key is absent (it did not beat again meanwhile). */
    private static final String FORGET = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            local instance = ARGV[1]
            local n = tonumber(ARGV[2])
            for i = 1, n do
              if redis.call('HGET', KEYS[4 + i], ARGV[2 + i]) == instance then redis.call('HDEL', KEYS[4 + i], ARGV[2 + i]) end
            end
            for i = 5 + n, #KEYS do
              if redis.call('GET', KEYS[i]) == instance then redis.call('DEL', KEYS[i]) end
            end
            redis.call('DEL', KEYS[2])
            redis.call('SREM', KEYS[3], instance)
            redis.call('HDEL', KEYS[4], instance)
            return 1
            """;

    @Override
    public boolean forget(LostInstance instance) {
        try {
            List<String> keyList = new ArrayList<>(List.of(keys.alive(instance.instance()),
                    keys.connections(instance.instance()), keys.instances(), keys.beats()));
            List<String> args = new ArrayList<>(List.of(instance.instance(), Integer.toString(instance.connections().size())));
            for (LostConnection held : instance.connections()) {
                keyList.add(keys.robotsOf(held.owner()));
                args.add(held.connectionId());
            }
            for (LostConnection held : instance.connections()) {
                if (held.running() != null) {
                    keyList.add(keys.run(held.running()));
                }
            }
            Long done = connection.sync().eval(FORGET, ScriptOutputType.INTEGER, keyList.toArray(String[]::new),
                    args.toArray(String[]::new));
            return done != null && done == 1;
        } catch (RuntimeException e) {
            failures.report("forgetting lost instance " + instance.instance(), e);
            return false;
        }
    }

    @Override
    public void leave() {
        RedisCommands<String, String> redis = connection.sync();
        for (String task : leases) {
            redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {keys.lease(task)}, self());
        }
        redis.del(keys.alive(self()));
        forget(new LostInstance(self(), connectionsOf(redis, self()), null));
    }

}
