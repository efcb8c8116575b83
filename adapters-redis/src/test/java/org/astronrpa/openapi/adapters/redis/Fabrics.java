package org.astronrpa.openapi.adapters.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The instances of one test's cluster: a fabric per instance id, in a namespace of the test's own. */
final class Fabrics implements AutoCloseable {
    private final String namespace = TestRedis.namespace();
    private final Map<String, RedisFabric> byId = new LinkedHashMap<>();
    private final UnaryOperator<RedisSettings> tuning;

    /** Instances with the default settings. */
    Fabrics() {
        this(settings -> settings);
    }

    /** Instances whose settings {@code tuning} changes (short TTLs keep the tests quick). */
    Fabrics(UnaryOperator<RedisSettings> tuning) {
        this.tuning = tuning;
    }

    /** A heartbeat TTL short enough to lose an instance within a test. */
    static Fabrics withHeartbeatTtl(Duration ttl) {
        return new Fabrics(settings -> settings.withHeartbeatTtl(ttl));
    }

    String namespace() {
        return namespace;
    }

    /** Instance {@code id}, connected at its first use. */
    synchronized RedisFabric get(String id) {
        return byId.computeIfAbsent(id, i -> RedisFabric.connect(tuning.apply(TestRedis.settings(namespace, i))));
    }

    /** Closes every instance (leaving the cluster) and deletes the namespace's keys. */
    @Override
    public synchronized void close() {
        byId.values().forEach(fabric -> {
            try {
                fabric.close();
            } catch (RuntimeException ignored) {
                // abandoned or left already
            }
        });
        byId.clear();
        TestRedis.forget(TestRedis.url(), namespace);
    }
}
