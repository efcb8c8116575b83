package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.astronrpa.openapi.domain.shared.DependencyProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Health check of the database: {@code SELECT 1} within a few seconds; never throws. */
final class DatabaseProbe implements DependencyProbe {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseProbe.class);
    private static final int QUERY_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final AtomicBoolean wasUp = new AtomicBoolean(true);

    DatabaseProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public boolean isUp() {
        try {
            selectOne();
            if (!wasUp.getAndSet(true)) {
                LOG.info("the database answers again");
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            // logged once per outage: health checks come often
            if (wasUp.getAndSet(false)) {
                LOG.warn("the database does not answer: {}", e.toString());
            }
            return false;
        }
    }

    private void selectOne() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery("SELECT 1")) {
                if (!result.next()) {
                    throw new SQLException("SELECT 1 returned no row");
                }
            }
        }
    }
}
