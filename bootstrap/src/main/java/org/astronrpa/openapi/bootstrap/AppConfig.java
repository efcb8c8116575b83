package org.astronrpa.openapi.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The service's configuration, read from {@code .env.default} (shipped in the jar, and in the working
 * directory) &lt; {@code .env} &lt; {@code .env.local} &lt; the process environment. Every value is checked
 * here, so that a bad one stops start-up with one line naming its key.
 */
public record AppConfig(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        String databaseUsername,
        String databasePassword,
        int databasePoolSize,
        String logLevel,
        Path logDir,
        LogFormat logFormat,
        int logMaxFileSizeMb,
        int logMaxHistoryDays,
        int logTotalSizeCapMb,
        boolean trustUserHeader,
        String gatewaySecret,
        String apiKeyPepper,
        Duration apiKeyCacheTtl,
        Duration dispatchTimeout,
        int executionTimeoutSeconds,
        Duration wsPingTimeout,
        int wsMaxQueuedFrames,
        int wsMaxQueuedBytes,
        int executionLogMaxLines,
        Duration scheduleMinInterval,
        int executionRetentionDays,
        int executionLogRetentionDays,
        Duration retentionPurgeInterval,
        int retentionPurgeDutyPercent,
        Duration outboxRetention,
        int auditRetentionDays,
        Duration outboxLease,
        Duration shutdownTimeout,
        Duration httpBodyTimeout,
        String redisUrl,
        String redisNamespace,
        int rateLimitPerMinute,
        int rateLimitBurst,
        Duration mcpWait,
        java.util.List<String> mcpAllowedOrigins,
        java.util.List<String> mcpAllowedHosts,
        Duration mcpSessionIdle,
        int mcpMaxSessionsPerKey,
        Duration mcpKeepAlive,
        java.util.List<String> trustedProxies,
        Webhooks webhooks) {

    /**
     * The {@code WEBHOOK_*} settings.
     *
     * @param allowHttp           {@code WEBHOOK_ALLOW_HTTP}: http receiver URLs accepted besides https
     * @param allowedHosts        {@code WEBHOOK_ALLOWED_HOSTS}: hosts called whatever addresses they resolve to
     * @param connectTimeout      {@code WEBHOOK_CONNECT_TIMEOUT_SECONDS}
     * @param timeout             {@code WEBHOOK_TIMEOUT_SECONDS}: a whole attempt, answer included
     * @param disableAfter        {@code WEBHOOK_DISABLE_AFTER_FAILURES}: deliveries failed in a row that disable
     * @param firstRetry          {@code WEBHOOK_RETRY_FIRST_SECONDS}: the first wait, doubled after each attempt
     * @param retryWindow         {@code WEBHOOK_RETRY_HOURS}: how long a delivery is retried
     * @param logRetentionDays    {@code WEBHOOK_LOG_RETENTION_DAYS}
     * @param perSubscription     {@code WEBHOOK_CONCURRENCY}: attempts of one subscription in flight at once, an
     *                            instance
     */
    public record Webhooks(boolean allowHttp, java.util.List<String> allowedHosts, Duration connectTimeout,
                           Duration timeout, int disableAfter, Duration firstRetry, Duration retryWindow,
                           int logRetentionDays, int perSubscription) {
    }

    /** How log lines are written. */
    public enum LogFormat { TEXT, JSON }

    /** Loads the layered configuration as seen from {@code workDir}. */
    public static AppConfig load(Path workDir, Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>(EnvFiles.resource(".env.default"));
        merged.putAll(EnvFiles.file(workDir.resolve(".env.default")));
        merged.putAll(EnvFiles.file(workDir.resolve(".env")));
        merged.putAll(EnvFiles.file(workDir.resolve(".env.local")));
        merged.putAll(environment);
        SecretFiles.resolve(merged, workDir);
        return from(new Values(merged), workDir);
    }

    static AppConfig from(Values v, Path workDir) {
        AppConfig config = new AppConfig(
                v.text("HOST", "0.0.0.0"),
                v.integer("PORT", 8020, 0, 65535),
                workDir.resolve(v.text("DATA_DIR", "./data")).normalize(),
                v.jdbcUrl("DATABASE_URL"),
                v.optional("DATABASE_USERNAME"),
                v.optional("DATABASE_PASSWORD"),
                v.integer("DATABASE_POOL_SIZE", 10, 1, 200),
                v.logLevel("LOG_LEVEL"),
                workDir.resolve(v.text("LOG_DIR", "./logs")).normalize(),
                v.logFormat("LOG_FORMAT"),
                v.integer("LOG_MAX_FILE_SIZE_MB", 50, 1, 10_240),
                v.integer("LOG_MAX_HISTORY_DAYS", 14, 1, 3650),
                v.integer("LOG_TOTAL_SIZE_CAP_MB", 1024, 1, 1_048_576),
                v.bool("AUTH_TRUST_USER_HEADER", true),
                v.optional("AUTH_GATEWAY_SECRET"),
                v.pepper("API_KEY_PEPPER"),
                Duration.ofSeconds(v.integer("API_KEY_CACHE_SECONDS", 30, 0, 3600)),
                Duration.ofSeconds(v.integer("DISPATCH_TIMEOUT_SECONDS", 60, 0, 86_400)),
                v.integer("EXECUTION_TIMEOUT_SECONDS", 3600, 1, 86_400),
                Duration.ofSeconds(v.integer("WS_PING_TIMEOUT_SECONDS", 90, 5, 3600)),
                v.integer("WS_MAX_QUEUED_FRAMES", 1000, 16, 1_000_000),
                v.integer("WS_MAX_QUEUED_BYTES", 4 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
                v.integer("EXECUTION_LOG_MAX_LINES", 10_000, 1, 10_000_000),
                Duration.ofSeconds(v.integer("SCHEDULE_MIN_INTERVAL_SECONDS", 60, 1, 86_400)),
                v.integer("EXECUTION_RETENTION_DAYS", 90, 0, 36_500),
                v.integer("EXECUTION_LOG_RETENTION_DAYS", 30, 0, 36_500),
                Duration.ofSeconds(v.integer("RETENTION_PURGE_INTERVAL_SECONDS", 60, 1, 86_400)),
                v.integer("RETENTION_PURGE_DUTY_PERCENT",
                        org.astronrpa.openapi.application.execution.PurgeHistory.Retention.DEFAULT_DUTY_PERCENT, 1, 100),
                Duration.ofHours(v.integer("OUTBOX_RETENTION_HOURS", 24, 1, 8_760)),
                v.integer("AUDIT_RETENTION_DAYS", 365, 0, 36_500),
                Duration.ofSeconds(v.integer("OUTBOX_LEASE_SECONDS", 30, 1, 3600)),
                Duration.ofSeconds(v.integer("SHUTDOWN_TIMEOUT_SECONDS", 30, 0, 3600)),
                Duration.ofSeconds(v.integer("HTTP_BODY_TIMEOUT_SECONDS", 10, 1, 300)),
                v.redisUrl("REDIS_URL"),
                v.namespace("REDIS_NAMESPACE"),
                v.integer("RATE_LIMIT_PER_MINUTE", 0, 0, 1_000_000),
                v.integer("RATE_LIMIT_BURST", 0, 0, 1_000_000),
                Duration.ofSeconds(v.integer("MCP_WAIT_SECONDS", 45, 0, 3600)),
                v.list("MCP_ALLOWED_ORIGINS", "^https?://[^/?#\\s,]+$", "an origin like http://localhost:6274"),
                v.list("MCP_ALLOWED_HOSTS", "^[^/?#@\\s,]+$", "a host like rpa.example.com or localhost:8020"),
                Duration.ofSeconds(v.integer("MCP_SESSION_IDLE_SECONDS", 1800, 1, 86_400)),
                v.integer("MCP_MAX_SESSIONS_PER_KEY", 100, 1, 100_000),
                Duration.ofSeconds(v.integer("MCP_KEEP_ALIVE_SECONDS", 30, 1, 3600)),
                v.list("TRUSTED_PROXIES", "^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$", "an address or CIDR block like 10.0.0.0/8"),
                new Webhooks(v.bool("WEBHOOK_ALLOW_HTTP", false),
                        v.list("WEBHOOK_ALLOWED_HOSTS", "^\\[?[A-Za-z0-9.:_-]+\\]?$", "a host like hooks.internal or 10.0.0.7"),
                        Duration.ofSeconds(v.integer("WEBHOOK_CONNECT_TIMEOUT_SECONDS", 5, 1, 300)),
                        Duration.ofSeconds(v.integer("WEBHOOK_TIMEOUT_SECONDS", 10, 1, 300)),
                        v.integer("WEBHOOK_DISABLE_AFTER_FAILURES", 20, 1, 100_000),
                        Duration.ofSeconds(v.integer("WEBHOOK_RETRY_FIRST_SECONDS", 5, 1, 3600)),
                        Duration.ofHours(v.integer("WEBHOOK_RETRY_HOURS", 24, 1, 720)),
                        v.integer("WEBHOOK_LOG_RETENTION_DAYS", 14, 1, 3650),
                        v.integer("WEBHOOK_CONCURRENCY", 4, 1, 256)));
        if (config.clustered() && config.embeddedDatabase()) {
            throw new ConfigException("REDIS_URL needs DATABASE_URL: instances cooperate on one MySQL/MariaDB database, "
                    + "the embedded one is each instance's own");
        }
        if (config.clustered() && config.apiKeyPepper() == null) {
            throw new ConfigException("REDIS_URL needs API_KEY_PEPPER: every instance must hash API keys with the same "
                    + "secret, or a key made on one is refused by the others");
        }
        return config;
    }

    /** Whether several instances cooperate through Redis (REDIS_URL set). */
    public boolean clustered() {
        return redisUrl != null;
    }

    /** Bursts default to one minute's worth of requests. */
    public int effectiveRateLimitBurst() {
        return rateLimitBurst > 0 ? rateLimitBurst : rateLimitPerMinute;
    }

    /** Whether the embedded H2 database is used (no DATABASE_URL). */
    public boolean embeddedDatabase() {
        return databaseUrl == null;
    }

    @Override
    public String toString() {
        return "AppConfig[port=" + port + ", dataDir=" + dataDir + ", database="
                + (databaseUrl == null ? "embedded H2" : databaseUrl.replaceAll("(?i)(password=)[^&]*", "$1***"))
                + ", logDir=" + logDir + ", logFormat=" + logFormat + ", trustUserHeader=" + trustUserHeader
                + ", gatewaySecret=" + (gatewaySecret == null ? "unset" : "set")
                + ", redis=" + (redisUrl == null ? "none (single instance)" : redisUrl.replaceAll("//[^@/]*@", "//***@"))
                + ", rateLimitPerMinute=" + (rateLimitPerMinute == 0 ? "off" : rateLimitPerMinute) + "]";
    }

    /** Typed, checked reads of the merged values. */
    record Values(Map<String, String> raw) {
        String optional(String key) {
            String value = raw.get(key);
            return value == null || value.isBlank() ? null : value.strip();
        }

        String text(String key, String fallback) {
            String value = optional(key);
            return value == null ? fallback : value;
        }

        int integer(String key, int fallback, int min, int max) {
            String value = optional(key);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException(key + " must be an integer from " + min + " to " + max + " (got '" + value + "')");
        }

        boolean bool(String key, boolean fallback) {
            String value = optional(key);
            if (value == null) {
                return fallback;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new ConfigException(key + " must be true or false (got '" + value + "')");
            };
        }

        String jdbcUrl(String key) {
            String value = optional(key);
            if (value == null) {
                return null;
            }
            if (!value.matches("^jdbc:mysql://[^/?#\\s]+(:\\d{1,5})?(/[^?#\\s]*)?(\\?\\S*)?$")) {
                throw new ConfigException(key + " must be a JDBC URL like jdbc:mysql://host:3306/db?... (got '"
                        + value.replaceAll("(?i)(password=)[^&]*", "$1***") + "')");
            }
            return value;
        }

        String redisUrl(String key) {
            String value = optional(key);
            if (value == null) {
                return null;
            }
            if (!value.matches("^rediss?://([^@/\\s]*@)?[^/?#@\\s]+(:\\d{1,5})?(/\\d{1,2})?/?$")) {
                throw new ConfigException(key + " must be a URL like redis://[:password@]host:6379/0 (got '"
                        + value.replaceAll("//[^@/]*@", "//***@") + "')");
            }
            return value;
        }

        /** Comma-separated values, each matching {@code pattern}; empty when unset. */
        java.util.List<String> list(String key, String pattern, String example) {
            String value = optional(key);
            if (value == null) {
                return java.util.List.of();
            }
            java.util.List<String> items = java.util.Arrays.stream(value.split(",")).map(String::strip)
                    .filter(item -> !item.isEmpty()).toList();
            for (String item : items) {
                if (!item.matches(pattern)) {
                    throw new ConfigException(key + " must be a comma-separated list, each " + example + " (got '"
                            + item + "')");
                }
            }
            return items;
        }

        String namespace(String key) {
            String value = text(key, "rpa:");
            if (!value.matches("^[A-Za-z0-9:._-]{1,64}$")) {
                throw new ConfigException(key + " must be 1 to 64 letters, digits or : . _ - (got '" + value + "')");
            }
            return value;
        }

        String logLevel(String key) {
            String value = text(key, "INFO").toUpperCase(Locale.ROOT);
            if (!value.matches("^(TRACE|DEBUG|INFO|WARN|ERROR|OFF)$")) {
                throw new ConfigException(key + " must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF (got '" + value + "')");
            }
            return value;
        }

        LogFormat logFormat(String key) {
            String value = text(key, "text").toLowerCase(Locale.ROOT);
            return switch (value) {
                case "text" -> LogFormat.TEXT;
                case "json" -> LogFormat.JSON;
                default -> throw new ConfigException(key + " must be text or json (got '" + value + "')");
            };
        }

        String pepper(String key) {
            String value = optional(key);
            if (value != null && value.length() < 16) {
                throw new ConfigException(key + " must have at least 16 characters");
            }
            return value;
        }
    }
}
