package org.astronrpa.openapi.adapters.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Redis and how this instance appears in it.
 *
 * @param url            {@code redis://[:password@]host:6379/db} (or {@code rediss://})
 * @param instanceId     unique per process start
 * @param namespace      prefix of every key and channel, so that several deployments (or tests) share one Redis
 * @param commandTimeout how long one command may take before the caller goes on without Redis
 * @param heartbeatTtl   how long after its last beat an instance counts as lost
 */
public record RedisSettings(String url, String instanceId, String namespace, Duration commandTimeout,
                            Duration heartbeatTtl) {
    public static final String DEFAULT_NAMESPACE = "rpa:";

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(heartbeatTtl, "heartbeatTtl");
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("REDIS_URL must start with redis:// or rediss://");
        }
    }

    /** The defaults: 1 s per command, lost 5 s after the last beat. */
    public static RedisSettings of(String url, String instanceId) {
        return new RedisSettings(url, instanceId, DEFAULT_NAMESPACE, Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    public RedisSettings withNamespace(String newNamespace) {
        return new RedisSettings(url, instanceId, newNamespace, commandTimeout, heartbeatTtl);
    }

    public RedisSettings withHeartbeatTtl(Duration ttl) {
        return new RedisSettings(url, instanceId, namespace, commandTimeout, ttl);
    }
}
