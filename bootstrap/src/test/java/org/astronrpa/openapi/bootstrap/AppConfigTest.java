package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
    @TempDir
    Path dir;

    @Test
    void theShippedDefaultsApplyWithNoFilesAndNoEnvironment() {
        AppConfig config = AppConfig.load(dir, Map.of());
        assertEquals(8020, config.port());
        assertTrue(config.embeddedDatabase());
        assertEquals(dir.resolve("data"), config.dataDir());
        assertEquals(AppConfig.LogFormat.TEXT, config.logFormat());
        assertTrue(config.trustUserHeader());
        assertNull(config.gatewaySecret());
        assertEquals(Duration.ofSeconds(30), config.shutdownTimeout());
        assertEquals(1000, config.wsMaxQueuedFrames());
        assertEquals(4 * 1024 * 1024, config.wsMaxQueuedBytes());
        assertEquals(10_000, config.executionLogMaxLines());
        assertEquals(Duration.ofHours(24), config.outboxRetention());
        assertEquals(Duration.ofSeconds(30), config.outboxLease());
        assertEquals(10, config.retentionPurgeDutyPercent());
    }

    @Test
    void theOutboxLeaseIsReadInSeconds() {
        assertEquals(Duration.ofSeconds(5), AppConfig.load(dir, Map.of("OUTBOX_LEASE_SECONDS", "5")).outboxLease());
    }

    @Test
    void laterSourcesWinDefaultThenEnvThenEnvLocalThenTheProcessEnvironment() throws Exception {
        Files.writeString(dir.resolve(".env.default"), "PORT=1001\nLOG_LEVEL=DEBUG\nLOG_FORMAT=json\nDATA_DIR=d0\n");
        Files.writeString(dir.resolve(".env"), "PORT=1002\nLOG_LEVEL=WARN\n# comment\nexport DATA_DIR='d1'\n");
        Files.writeString(dir.resolve(".env.local"), "PORT=1003\nDATA_DIR=\"d2\"\n");
        AppConfig config = AppConfig.load(dir, Map.of("PORT", "1004"));
        assertEquals(1004, config.port());
        assertEquals(dir.resolve("d2"), config.dataDir());
        assertEquals("WARN", config.logLevel());
        assertEquals(AppConfig.LogFormat.JSON, config.logFormat());
    }

    @Test
    void anEmptyValueMeansUnset() {
        assertTrue(AppConfig.load(dir, Map.of("DATABASE_URL", "  ")).embeddedDatabase());
    }

    @Test
    void aMySqlUrlIsTakenAndItsPasswordNeverPrinted() {
        AppConfig config = AppConfig.load(dir, Map.of("DATABASE_URL", "jdbc:mysql://db:3306/rpa?user=u&password=hunter2"));
        assertEquals("jdbc:mysql://db:3306/rpa?user=u&password=hunter2", config.databaseUrl());
        assertTrue(!config.toString().contains("hunter2"), config.toString());
    }

    private String failure(Map<String, String> environment) {
        return assertThrows(ConfigException.class, () -> AppConfig.load(dir, environment)).getMessage();
    }

    @Test
    void theHttpBodyTimeoutDefaultsToTenSeconds() {
        assertEquals(java.time.Duration.ofSeconds(10), AppConfig.load(dir, Map.of()).httpBodyTimeout());
        assertEquals(java.time.Duration.ofSeconds(3),
                AppConfig.load(dir, Map.of("HTTP_BODY_TIMEOUT_SECONDS", "3")).httpBodyTimeout());
    }

    @Test
    void badValuesAreRefusedNamingTheirKey() {
        assertTrue(failure(Map.of("PORT", "abc")).startsWith("PORT "));
        assertTrue(failure(Map.of("PORT", "70000")).startsWith("PORT "));
        assertTrue(failure(Map.of("PORT", "-1")).startsWith("PORT "));
        assertTrue(failure(Map.of("SHUTDOWN_TIMEOUT_SECONDS", "-5")).startsWith("SHUTDOWN_TIMEOUT_SECONDS "));
        assertTrue(failure(Map.of("HTTP_BODY_TIMEOUT_SECONDS", "0")).startsWith("HTTP_BODY_TIMEOUT_SECONDS "));
        assertTrue(failure(Map.of("HTTP_BODY_TIMEOUT_SECONDS", "301")).startsWith("HTTP_BODY_TIMEOUT_SECONDS "));
        assertTrue(failure(Map.of("DATABASE_URL", "postgres://x")).startsWith("DATABASE_URL "));
        assertTrue(failure(Map.of("DATABASE_URL", "jdbc:mysql://")).startsWith("DATABASE_URL "));
        assertTrue(failure(Map.of("DATABASE_POOL_SIZE", "0")).startsWith("DATABASE_POOL_SIZE "));
        assertTrue(failure(Map.of("AUTH_TRUST_USER_HEADER", "maybe")).startsWith("AUTH_TRUST_USER_HEADER "));
        assertTrue(failure(Map.of("LOG_FORMAT", "xml")).startsWith("LOG_FORMAT "));
        assertTrue(failure(Map.of("LOG_LEVEL", "LOUD")).startsWith("LOG_LEVEL "));
        assertTrue(failure(Map.of("API_KEY_PEPPER", "short")).startsWith("API_KEY_PEPPER "));
        assertTrue(failure(Map.of("REDIS_URL", "localhost:6379")).startsWith("REDIS_URL "));
        assertTrue(failure(Map.of("REDIS_URL", "redis://")).startsWith("REDIS_URL "));
        assertTrue(failure(Map.of("REDIS_NAMESPACE", "has space")).startsWith("REDIS_NAMESPACE "));
        assertTrue(failure(Map.of("RATE_LIMIT_PER_MINUTE", "-1")).startsWith("RATE_LIMIT_PER_MINUTE "));
        assertTrue(failure(Map.of("RATE_LIMIT_BURST", "many")).startsWith("RATE_LIMIT_BURST "));
        assertTrue(failure(Map.of("WS_MAX_QUEUED_FRAMES", "0")).startsWith("WS_MAX_QUEUED_FRAMES "));
        assertTrue(failure(Map.of("WS_MAX_QUEUED_BYTES", "1k")).startsWith("WS_MAX_QUEUED_BYTES "));
        assertTrue(failure(Map.of("WS_MAX_QUEUED_BYTES", "1024")).startsWith("WS_MAX_QUEUED_BYTES "));
        assertTrue(failure(Map.of("EXECUTION_LOG_MAX_LINES", "0")).startsWith("EXECUTION_LOG_MAX_LINES "));
        assertTrue(failure(Map.of("OUTBOX_RETENTION_HOURS", "0")).startsWith("OUTBOX_RETENTION_HOURS "));
        assertTrue(failure(Map.of("RETENTION_PURGE_DUTY_PERCENT", "0")).startsWith("RETENTION_PURGE_DUTY_PERCENT "));
        assertTrue(failure(Map.of("RETENTION_PURGE_DUTY_PERCENT", "101")).startsWith("RETENTION_PURGE_DUTY_PERCENT "));
        assertTrue(failure(Map.of("OUTBOX_RETENTION_HOURS", "24h")).startsWith("OUTBOX_RETENTION_HOURS "));
        assertTrue(failure(Map.of("OUTBOX_LEASE_SECONDS", "0")).startsWith("OUTBOX_LEASE_SECONDS "));
        assertTrue(failure(Map.of("OUTBOX_LEASE_SECONDS", "-3")).startsWith("OUTBOX_LEASE_SECONDS "));
        assertTrue(failure(Map.of("OUTBOX_LEASE_SECONDS", "2.5")).startsWith("OUTBOX_LEASE_SECONDS "));
        assertTrue(failure(Map.of("OUTBOX_LEASE_SECONDS", "3601")).startsWith("OUTBOX_LEASE_SECONDS "));
    }

    @Test
    void redisAndRateLimitsAreOffUnlessSetAndARedisPasswordIsNeverPrinted() {
        AppConfig single = AppConfig.load(dir, Map.of());
        assertTrue(!single.clustered());
        assertEquals(0, single.rateLimitPerMinute());
        assertEquals("rpa:", single.redisNamespace());
        AppConfig config = AppConfig.load(dir, Map.of("REDIS_URL", "redis://:s3cret@cache:6379/2",
                "REDIS_NAMESPACE", "tenant-a:", "RATE_LIMIT_PER_MINUTE", "120",
                "DATABASE_URL", "jdbc:mysql://db:3306/rpa", "API_KEY_PEPPER", "a-shared-pepper-0123456789"));
        assertTrue(config.clustered());
        assertEquals("redis://:s3cret@cache:6379/2", config.redisUrl());
        assertEquals("tenant-a:", config.redisNamespace());
        assertEquals(120, config.effectiveRateLimitBurst(), "bursts default to a minute's worth");
        assertTrue(!config.toString().contains("s3cret"), config.toString());
        assertTrue(!failure(Map.of("REDIS_URL", "redis://:s3cret@")).contains("s3cret"));
        assertTrue(!failure(Map.of("REDIS_URL", "redis://user:pa:ss@")).contains("pa:"), "a password with a colon");
    }

    @Test
    void severalInstancesNeedASharedDatabaseAndASharedPepper() {
        assertTrue(failure(Map.of("REDIS_URL", "redis://cache:6379", "API_KEY_PEPPER", "a-shared-pepper-0123456789"))
                .startsWith("REDIS_URL needs DATABASE_URL"));
        assertTrue(failure(Map.of("REDIS_URL", "redis://cache:6379", "DATABASE_URL", "jdbc:mysql://db:3306/rpa"))
                .startsWith("REDIS_URL needs API_KEY_PEPPER"));
    }

    @Test
    void aBadPasswordInARefusedUrlIsMasked() {
        String message = failure(Map.of("DATABASE_URL", "mysql://h/db?password=hunter2"));
        assertTrue(!message.contains("hunter2"), message);
    }

    @Test
    void aMalformedEnvFileLineIsReportedWithItsPlace() throws Exception {
        Files.writeString(dir.resolve(".env"), "PORT=1\nthis is not a setting\n");
        String message = failure(Map.of());
        assertTrue(message.contains(".env line 2"), message);
    }

    @Test
    void secretsComeFromTheFilesNamedByTheirFileSettings() throws Exception {
        Files.writeString(dir.resolve("db-password"), "s3cret\n");
        Files.writeString(dir.resolve("pepper"), "a-long-enough-pepper-for-api-keys-0123456789\r\n");
        Files.writeString(dir.resolve("redis-url"), "redis://:pw@127.0.0.1:6379/2");
        AppConfig config = AppConfig.load(dir, Map.of(
                "DATABASE_URL", "jdbc:mysql://127.0.0.1:3306/rpa",
                "DATABASE_PASSWORD_FILE", "db-password",
                "API_KEY_PEPPER_FILE", dir.resolve("pepper").toString(),
                "REDIS_URL_FILE", "redis-url"));
        assertEquals("s3cret", config.databasePassword());
        assertEquals("a-long-enough-pepper-for-api-keys-0123456789", config.apiKeyPepper());
        assertEquals("redis://:pw@127.0.0.1:6379/2", config.redisUrl());
    }

    @Test
    void aSecretFileThatIsMissingEmptyOrSetBesideItsValueStopsStartUpNamingTheSetting() throws Exception {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> AppConfig.load(dir, Map.of("DATABASE_PASSWORD_FILE", "nope")));
        assertTrue(missing.getMessage().startsWith("DATABASE_PASSWORD_FILE names a file that cannot be read"), missing.getMessage());

        Files.writeString(dir.resolve("empty"), "\n");
        ConfigException empty = assertThrows(ConfigException.class,
                () -> AppConfig.load(dir, Map.of("API_KEY_PEPPER_FILE", "empty")));
        assertTrue(empty.getMessage().startsWith("API_KEY_PEPPER_FILE names an empty file"), empty.getMessage());

        Files.writeString(dir.resolve("pw"), "x");
        ConfigException both = assertThrows(ConfigException.class,
                () -> AppConfig.load(dir, Map.of("DATABASE_PASSWORD", "y", "DATABASE_PASSWORD_FILE", "pw")));
        assertEquals("set DATABASE_PASSWORD or DATABASE_PASSWORD_FILE, not both", both.getMessage());
    }
}
