package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MySqlTestServerTest {
    @Test
    void credentialsInTheUrlQueryAreTakenOutAndOtherOptionsKept() {
        var server = MySqlTestServer.fromUrl("jdbc:mysql://db:3306/test?user=ci&password=p%26w&sslMode=DISABLED", null, null);
        assertEquals("ci", server.username());
        assertEquals("p&w", server.password());
        assertEquals("jdbc:mysql://db:3306/rpa_t_1?sslMode=DISABLED", server.urlOf("rpa_t_1"));
    }

    @Test
    void credentialVariablesWinAndRootIsTheDefaultUser() {
        assertEquals("admin", MySqlTestServer.fromUrl("jdbc:mysql://db/test?user=ci", "admin", null).username());
        var bare = MySqlTestServer.fromUrl("jdbc:mysql://db", null, null);
        assertEquals("root", bare.username());
        assertNull(bare.password());
        assertEquals("jdbc:mysql://db/rpa_t_1", bare.urlOf("rpa_t_1"));
    }
}
