package org.astronrpa.openapi.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A versioned migration in Java that writes different DDL for H2 ({@code embedded}) and MySQL/MariaDB, run with H2's
 * exact columns kept exact ({@link H2Ddl}). Its checksum is its version: the statements are fixed once released, and
 * Flyway validates the version, description and checksum recorded for it.
 */
abstract class DdlMigration implements JavaMigration {
    protected final boolean embedded;
    private final int version;
    private final String description;

    DdlMigration(int version, String description, boolean embedded) {
        this.version = version;
        this.description = description;
        this.embedded = embedded;
    }

    /** The migration's statements, on the connection Flyway migrates with. */
    abstract void apply(Connection connection) throws SQLException;

    @Override
    public final MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(Integer.toString(version));
    }

    @Override
    public final String getDescription() {
        return description;
    }

    @Override
    public final Integer getChecksum() {
        return version;
    }

    /** MySQL commits each DDL statement on its own anyway. */
    @Override
    public final boolean canExecuteInTransaction() {
        return embedded;
    }

    @Override
    public final void migrate(Context context) throws SQLException {
        H2Ddl.keepingExactColumns(context.getConnection(), embedded, this::apply);
    }
}
