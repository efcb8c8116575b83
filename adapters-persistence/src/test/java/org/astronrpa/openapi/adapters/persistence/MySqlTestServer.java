package org.astronrpa.openapi.adapters.persistence;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.testcontainers.mysql.MySQLContainer;

/** A MySQL server on which tests may create and drop databases: {@code base} is its URL up to the path. */
record MySqlTestServer(String base, String options, String username, String password) {
    private static final String PREFIX = PersistenceConfig.MYSQL_PREFIX;

    /** A server named by a URL such as {@code jdbc:mysql://127.0.0.1:3306/test?user=root}; its database is not used. */
    static MySqlTestServer fromUrl(String url, String userOverride, String passwordOverride) {
        if (!url.startsWith(PREFIX)) {
            throw new IllegalArgumentException(TestDatabases.URL_VARIABLE + " must start with " + PREFIX);
        }
        int queryStart = url.indexOf('?');
        String beforeQuery = queryStart < 0 ? url : url.substring(0, queryStart);
        int pathStart = beforeQuery.indexOf('/', PREFIX.length());
        String base = pathStart < 0 ? beforeQuery : beforeQuery.substring(0, pathStart);
        String user = null;
        String password = null;
        List<String> options = new ArrayList<>();
        for (String option : queryStart < 0 ? new String[0] : url.substring(queryStart + 1).split("&")) {
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            String value = URLDecoder.decode(option.substring(name.length() + (option.contains("=") ? 1 : 0)),
                    StandardCharsets.UTF_8);
            switch (name) {
                case "user" -> user = value;
                case "password" -> password = value;
                case "" -> { }
                default -> options.add(option);
            }
        }
        return new MySqlTestServer(base, String.join("&", options),
                userOverride != null ? userOverride : user != null ? user : "root",
                passwordOverride != null ? passwordOverride : password);
    }

    /** A MySQL container started once for the whole test run (Testcontainers removes it afterwards). */
    static MySqlTestServer inContainer(String image) {
        @SuppressWarnings("resource") // lives as long as the JVM
        MySQLContainer container = new MySQLContainer(image).withUsername("root").withPassword("test");
        container.start();
        String base = PREFIX + container.getHost() + ":" + container.getMappedPort(MySQLContainer.MYSQL_PORT);
        return new MySqlTestServer(base, "sslMode=DISABLED&allowPublicKeyRetrieval=true", "root", "test");
    }

    String urlOf(String database) {
        return base + "/" + database + (options.isEmpty() ? "" : "?" + options);
    }

    MySqlTestDatabase createDatabase(String characterSet) {
        if (!characterSet.matches("\\w+")) {
            throw new IllegalArgumentException("not a character set name: " + characterSet);
        }
        String name = "rpa_t_" + HexFormat.of().formatHex(randomBytes());
        execute("CREATE DATABASE " + name + " CHARACTER SET " + characterSet);
        return new MySqlTestDatabase(this, name);
    }

    void drop(String database) {
        execute("DROP DATABASE IF EXISTS " + database);
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(JdbcUrls.mysql(urlOf("")), username, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on the test MySQL server "
                    + JdbcUrls.redact(base) + " as " + username + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "MySqlTestServer[" + JdbcUrls.redact(base) + " as " + username + "]";
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
