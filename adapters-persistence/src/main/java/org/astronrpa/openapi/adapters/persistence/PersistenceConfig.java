package org.astronrpa.openapi.adapters.persistence;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach the database: a {@code jdbc:mysql://} URL (MySQL or MariaDB), or none for an embedded H2
 * file database under {@code dataDir}. Username and password may be null (H2 defaults, or given in the URL).
 */
public record PersistenceConfig(String jdbcUrl, String username, String password, Path dataDir, int maxPoolSize) {
    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    static final String MYSQL_PREFIX = "jdbc:mysql://";

    public PersistenceConfig {
        jdbcUrl = jdbcUrl == null || jdbcUrl.isBlank() ? null : jdbcUrl.strip();
        if (jdbcUrl != null && !jdbcUrl.startsWith(MYSQL_PREFIX)) {
            throw new IllegalArgumentException("DATABASE_URL must be a " + MYSQL_PREFIX
                    + "… URL (MySQL or MariaDB), or unset for the embedded H2 database; got one starting with '"
                    + scheme(jdbcUrl) + "'");
        }
        if (jdbcUrl == null) {
            Objects.requireNonNull(dataDir, "dataDir is needed for the embedded database");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, got " + maxPoolSize);
        }
    }

    /** The embedded H2 database in {@code dataDir}. */
    public static PersistenceConfig embedded(Path dataDir) {
        return new PersistenceConfig(null, null, null, dataDir, DEFAULT_MAX_POOL_SIZE);
    }

    /** A MySQL or MariaDB server. */
    public static PersistenceConfig server(String jdbcUrl, String username, String password) {
        return new PersistenceConfig(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), username, password, null,
                DEFAULT_MAX_POOL_SIZE);
    }

    public boolean isEmbedded() {
        return jdbcUrl == null;
    }

    @Override
    public String toString() {
        return "PersistenceConfig[jdbcUrl=" + JdbcUrls.redact(jdbcUrl) + ", username=" + username
                + ", password=" + (password == null ? null : "****") + ", dataDir=" + dataDir
                + ", maxPoolSize=" + maxPoolSize + "]";
    }

    private static String scheme(String url) {
        int end = url.indexOf("//");
        return end < 0 ? url.substring(0, Math.min(url.length(), 12)) : url.substring(0, end + 2);
    }
}
