package org.astronrpa.openapi.adapters.persistence;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Where tests find a MySQL server, in this order: the JDBC URL in {@code RPA_TEST_MYSQL_URL} (user and password
 * in its query, or in {@code RPA_TEST_MYSQL_USER}/{@code RPA_TEST_MYSQL_PASSWORD}); else a Testcontainers
 * MySQL 8.4 when Docker is available; else the test is skipped, or fails when
 * {@code RPA_TEST_REQUIRE_SERVICES=true}.
 */
public final class TestDatabases {
    public static final String URL_VARIABLE = "RPA_TEST_MYSQL_URL";
    public static final String USER_VARIABLE = "RPA_TEST_MYSQL_USER";
    public static final String PASSWORD_VARIABLE = "RPA_TEST_MYSQL_PASSWORD";
    public static final String REQUIRE_VARIABLE = "RPA_TEST_REQUIRE_SERVICES";
    static final String CONTAINER_IMAGE = "mysql:8.4";

    private static MySqlTestServer server;
    private static String unavailable;

    private TestDatabases() {
    }

    /**
     * A new, empty database of its own on the test server; {@link MySqlTestDatabase#close()} drops it.
     * Aborts the calling test (JUnit) with the reason when there is no server, or fails it when services are required.
     */
    public static MySqlTestDatabase mysql() {
        return mysql("utf8mb4");
    }

    /** The same with another default character set, to check that the schema does not depend on it. */
    static MySqlTestDatabase mysql(String characterSet) {
        return server().createDatabase(characterSet);
    }

    /** Whether {@code RPA_TEST_REQUIRE_SERVICES=true}: missing services fail tests instead of skipping them. */
    public static boolean servicesRequired() {
        return "true".equalsIgnoreCase(System.getenv(REQUIRE_VARIABLE));
    }

    private static synchronized MySqlTestServer server() {
        if (server == null && unavailable == null) {
            locate();
        }
        if (server != null) {
            return server;
        }
        if (servicesRequired()) {
            return Assertions.fail(unavailable + " (" + REQUIRE_VARIABLE + "=true)");
        }
        return Assumptions.abort(unavailable);
    }

    private static void locate() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            server = MySqlTestServer.fromUrl(url.strip(), System.getenv(USER_VARIABLE), System.getenv(PASSWORD_VARIABLE));
        } else if (DockerClientFactory.instance().isDockerAvailable()) {
            server = MySqlTestServer.inContainer(CONTAINER_IMAGE);
        } else {
            unavailable = "no MySQL for this test: set " + URL_VARIABLE
                    + " (e.g. jdbc:mysql://127.0.0.1:3306/test?user=root) or make Docker available";
        }
    }
}
