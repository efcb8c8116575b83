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

    /** The service's settings for this database: {@code DATABASE_URL}, and the credentials it has. */
    public java.util.Map<String, String> environment() {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("DATABASE_URL", jdbcUrl());
        if (username() != null) {
            env.put("DATABASE_USERNAME", username());
        }
        if (password() != null) {
            env.put("DATABASE_PASSWORD", password());
        }
        return env;
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
