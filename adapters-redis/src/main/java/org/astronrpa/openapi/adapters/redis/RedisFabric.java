package org.astronrpa.openapi.adapters.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.astronrpa.openapi.domain.apikey.KeyRevocationFeed;
import org.astronrpa.openapi.domain.cluster.ClusterMembership;
import org.astronrpa.openapi.domain.cluster.InstanceMessages;
import org.astronrpa.openapi.domain.cluster.RobotPresence;
import org.astronrpa.openapi.domain.execution.ExecutionEvents;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;
import org.astronrpa.openapi.domain.shared.DependencyProbe;
import org.astronrpa.openapi.domain.workflow.WorkflowChangeFeed;

/**
 * The shared fabric of several instances: one Lettuce connection for commands, one for pub/sub, and the
 * adapters of the cluster ports built on them. Redis holds only what can be rebuilt (presence, leases, buckets);
 * the database stays the source of truth. When Redis is unreachable commands fail at once (they are not queued),
 * every adapter goes on without it, Lettuce reconnects in the background and re-subscribes, and the next
 * heartbeat announces this instance's robots again.
 */
public final class RedisFabric implements AutoCloseable {
    private final RedisSettings settings;
    private final Keys keys;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final Map<String, Consumer<String>> channels = new ConcurrentHashMap<>();
    /** Events and revocations, in the order they arrived; handlers may block (they must not run on Netty's loop). */
    private final ExecutorService inOrder = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("redis-events").daemon(true).factory());
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final Failures failures = new Failures();
    private final RedisClusterMembership membership;
    private final RedisRobotPresence presence;

    private RedisFabric(RedisSettings settings) {
        this.settings = settings;
        this.keys = new Keys(settings.namespace());
        RedisURI uri = RedisURI.create(settings.url());
        uri.setTimeout(settings.commandTimeout());
        // reconnect quickly after an outage: 100 ms, doubling up to 2 s (Lettuce's default waits up to 30 s)
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build());
        StatefulRedisConnection<String, String> commands = null;
        try {
            commands = client.connect();
            this.connection = commands;
            this.pubsub = client.connectPubSub();
        } catch (RuntimeException e) {
            if (commands != null) {
                commands.close();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                Consumer<String> handler = channels.get(channel);
                if (handler != null) {
                    handler.accept(message);
                }
            }
        });
        this.membership = new RedisClusterMembership(connection, keys, settings, failures);
        this.presence = new RedisRobotPresence(connection, keys, settings.instanceId(), membership, failures);
        membership.onRejoin(presence::repair, presence::isDirty);
    }

    /**
     * Connects (failing at once when Redis does not answer: an instance configured for several instances does
     * not start alone) and announces this instance.
     */
    public static RedisFabric connect(RedisSettings settings) {
        RedisFabric fabric = new RedisFabric(settings);
        try {
            fabric.connection.sync().ping();
            fabric.membership.heartbeat();
        } catch (RuntimeException e) {
            fabric.close();
            throw e;
        }
        return fabric;
    }

    public RobotPresence presence() {
        return presence;
    }

    public ClusterMembership membership() {
        return membership;
    }

    public InstanceMessages messages() {
        return new RedisInstanceMessages(connection, keys, settings.instanceId(), failures,
                (channel, handler) -> subscribe(channel, message -> requests.execute(() -> handler.accept(message))));
    }

    /** Execution events that reach this instance's listeners from every instance; {@code local} delivers them here. */
    public ExecutionEvents events(ExecutionEvents local) {
        RedisExecutionEvents events = new RedisExecutionEvents(connection, keys, settings.instanceId(), local, failures);
        subscribe(keys.events(), message -> inOrder.execute(() -> events.received(message)));
        return events;
    }

    public KeyRevocationFeed keyRevocations() {
        return new RedisKeyRevocationFeed(broadcast(keys.revokedKeys(), KeyRevocationFeed.REMEMBERED_EVENT_IDS));
    }

    /** Which users' workflows changed, for their MCP sessions on every instance. */
    public WorkflowChangeFeed workflowChanges() {
        return new RedisWorkflowChangeFeed(broadcast(keys.workflowChanges(), WorkflowChangeFeed.REMEMBERED_EVENT_IDS));
    }

    /** Robot events, for the instance holding each robot's connection and for watchers on every instance. */
    public org.astronrpa.openapi.domain.robot.RobotChangeFeed robotChanges() {
        return new RedisRobotChangeFeed(broadcast(keys.robotChanges(),
                org.astronrpa.openapi.domain.robot.RobotChangeFeed.REMEMBERED_EVENT_IDS));
    }

    private RedisBroadcast broadcast(String channel, int rememberedEventIds) {
        RedisBroadcast broadcast = new RedisBroadcast(connection, channel, settings.instanceId(), failures,
                rememberedEventIds);
        subscribe(channel, message -> inOrder.execute(() -> broadcast.received(message)));
        return broadcast;
    }

    public RateLimiter rateLimiter() {
        return new RedisRateLimiter(connection, keys, failures);
    }

    /** For {@code /health}: not required (the service keeps serving without Redis), so DOWN is reported, not 503. */
    public DependencyProbe probe() {
        return new DependencyProbe() {
            @Override
            public String name() {
                return "redis";
            }

            @Override
            public boolean required() {
                return false;
            }

            @Override
            public boolean isUp() {
                try {
                    return "PONG".equals(connection.sync().ping());
                } catch (RuntimeException e) {
                    return false;
                }
            }
        };
    }

    private void subscribe(String channel, Consumer<String> handler) {
        channels.put(channel, handler);
        pubsub.sync().subscribe(channel);
    }

    /** Leaves the cluster (its robots and leases are removed at once) and closes the connections. */
    @Override
    public void close() {
        try {
            membership.leave();
        } catch (RuntimeException e) {
            failures.report("leaving the cluster", e);
        }
        abandon();
    }

    /** Closes the connections without leaving: as a killed instance would (for tests). */
    void abandon() {
        inOrder.shutdownNow();
        requests.shutdownNow();
        if (pubsub != null) {
            pubsub.close();
        }
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
