package org.astronrpa.openapi.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    @Test
    void theProxysUrlKeepsTheDatabaseIndexCredentialsAndOptionsOfTheProxiedServer() throws Exception {
        try (TcpProxy proxy = TcpProxy.to("redis://user:secret@127.0.0.1:6379/7?timeout=5s")) {
            assertEquals("redis://user:secret@127.0.0.1:" + proxy.port() + "/7?timeout=5s", proxy.url());
        }
    }

    @Test
    void aUrlWithoutDatabaseIndexStaysWithoutOne() throws Exception {
        try (TcpProxy proxy = TcpProxy.to("redis://127.0.0.1:6379")) {
            assertEquals("redis://127.0.0.1:" + proxy.port(), proxy.url());
        }
    }

    @Test
    void aFailOverProxyHasNoRedisUrl() throws Exception {
        try (TcpProxy proxy = TcpProxy.failover(List.of(1))) {
            assertThrows(IllegalStateException.class, proxy::url);
        }
    }
}
