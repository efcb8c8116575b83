package org.astronrpa.openapi.adapters.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Where tests find a Redis server, in this order: {@code RPA_TEST_REDIS_URL}; else a Testcontainers Redis 7 when
 * Docker is available; else the test is skipped with the reason, or fails when {@code RPA_TEST_REQUIRE_SERVICES=true}.
 * Each test works in a namespace of its own ({@link #namespace()}), so tests never see each other's keys.
 */
public final class TestRedis {
    public static final String URL_VARIABLE = "RPA_TEST_REDIS_URL";
    public static final String REQUIRE_VARIABLE = "RPA_TEST_REQUIRE_SERVICES";
    static final String CONTAINER_IMAGE = "redis:7.4";

    private static String url;
    private static String unavailable;

    private TestRedis() {
    }

    /** The server's URL; aborts (or fails, when services are required) the calling test without one. */
    public static synchronized String url() {
        if (url == null && unavailable == null) {
            locate();
        }
        if (url != null) {
            return url;
        }
        if ("true".equalsIgnoreCase(System.getenv(REQUIRE_VARIABLE))) {
            return Assertions.fail(unavailable + " (" + REQUIRE_VARIABLE + "=true)");
        }
        return Assumptions.abort(unavailable);
    }

    /** A fresh key namespace. */
    public static String namespace() {
        return "rpa-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** Settings for one instance in {@code namespace}. */
    public static RedisSettings settings(String namespace, String instanceId) {
        return RedisSettings.of(url(), instanceId).withNamespace(namespace);
    }

    /** Deletes every key of the namespace (as a Redis restart without persistence would, for that namespace). */
    public static void forget(String serverUrl, String namespace) {
        RedisClient client = RedisClient.create(serverUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var redis = connection.sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(namespace + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }

    private static void locate() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            url = configured.strip();
        } else if (DockerClientFactory.instance().isDockerAvailable()) {
            @SuppressWarnings("resource") // lives as long as the JVM
            GenericContainer<?> container = new GenericContainer<>(CONTAINER_IMAGE).withExposedPorts(6379);
            container.start();
            url = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
        } else {
            unavailable = "no Redis for this test: set " + URL_VARIABLE + " (e.g. redis://127.0.0.1:6379) or make Docker available";
        }
    }
}
