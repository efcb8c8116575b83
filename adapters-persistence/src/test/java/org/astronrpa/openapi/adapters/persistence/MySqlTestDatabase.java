package org.astronrpa.openapi.adapters.persistence;

/** A fresh database of its own on the test MySQL server; closing it drops it (best effort). */
public final class MySqlTestDatabase implements AutoCloseable {
    private final MySqlTestServer server;
    private final String name;

    MySqlTestDatabase(MySqlTestServer server, String name) {
        this.server = server;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** A {@code jdbc:mysql://} URL of this database, without the credentials. */
    public String jdbcUrl() {
        return server.urlOf(name);
    }

    public String username() {
        return server.username();
    }

    /** May be null. */
    public String password() {
        return server.password();
    }

    /** What {@link Database#open} needs to use this database. */
    public PersistenceConfig config() {
        return PersistenceConfig.server(jdbcUrl(), username(), password());
    }

    @Override
    public void close() {
        try {
            server.drop(name);
        } catch (RuntimeException e) {
            System.err.println("could not drop the test database " + name + ": " + e.getMessage());
        }
    }
}
