package org.astronrpa.openapi.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;

/** The HikariCP settings for either database: small timeouts, so that a database that is down fails fast. */
final class ConnectionPool {
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);

    private ConnectionPool() {
    }

    /** Connections kept idle once the database is migrated. */
    static int minimumIdle(PersistenceConfig config) {
        return Math.min(2, config.maxPoolSize());
    }

    static HikariConfig settings(PersistenceConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(config.isEmbedded() ? "rpa-h2" : "rpa-mysql");
        if (config.isEmbedded()) {
            hikari.setDriverClassName("org.h2.Driver");
            hikari.setJdbcUrl(JdbcUrls.h2File(config.dataDir()));
            hikari.setUsername(config.username() == null ? "sa" : config.username());
            hikari.setPassword(config.password() == null ? "" : config.password());
        } else {
            hikari.setDriverClassName("com.mysql.cj.jdbc.Driver");
            hikari.setJdbcUrl(JdbcUrls.mysql(config.jdbcUrl()));
            hikari.setUsername(config.username());
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.maxPoolSize());
        // none kept idle while the migrations run: on H2 every new connection applies the URL's IGNORECASE=TRUE to the
        // whole database, and one opened by the pool's housekeeper during a migration's H2Ddl section would turn the
        // columns it rebuilds case-insensitive (seen once in a test run); Database.open raises it afterwards
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        hikari.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
        // every change runs in a READ COMMITTED transaction (JdbiTransactions): with the connections already at
        // that level, Jdbi neither sets it before each transaction nor restores it after (two statements each)
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return hikari;
    }
}
