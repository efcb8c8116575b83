package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP keys of the configuration: MCP_WAIT_SECONDS, MCP_ALLOWED_ORIGINS, MCP_ALLOWED_HOSTS,
 * MCP_SESSION_IDLE_SECONDS, MCP_MAX_SESSIONS_PER_KEY.
 */
class McpConfigTest {
    @TempDir
    Path dir;

    private String failure(String key, String value) {
        return assertThrows(ConfigException.class, () -> AppConfig.load(dir, Map.of(key, value))).getMessage();
    }

    @Test
    void byDefaultACallWaitsLessThanTheMinuteMostClientsWaitAndNoBrowserOriginOrHostRuleIsSet() {
        AppConfig config = AppConfig.load(dir, Map.of());
        assertEquals(Duration.ofSeconds(45), config.mcpWait());
        assertEquals(List.of(), config.mcpAllowedOrigins());
        assertEquals(List.of(), config.mcpAllowedHosts());
    }

    @Test
    void byDefaultASessionIdlesOutAfterHalfAnHourAndAKeyMayOpenAHundred() {
        AppConfig config = AppConfig.load(dir, Map.of());
        assertEquals(Duration.ofMinutes(30), config.mcpSessionIdle());
        assertEquals(100, config.mcpMaxSessionsPerKey());
        assertEquals(Duration.ofSeconds(30), config.mcpKeepAlive());

        AppConfig set = AppConfig.load(dir, Map.of("MCP_SESSION_IDLE_SECONDS", "1", "MCP_MAX_SESSIONS_PER_KEY", "7"));
        assertEquals(Duration.ofSeconds(1), set.mcpSessionIdle());
        assertEquals(7, set.mcpMaxSessionsPerKey());
    }

    @Test
    void listsAreCommaSeparatedAndTrimmed() {
        AppConfig config = AppConfig.load(dir, Map.of("MCP_WAIT_SECONDS", "0",
                "MCP_ALLOWED_ORIGINS", " http://localhost:6274 , https://agents.example.com,",
                "MCP_ALLOWED_HOSTS", "localhost:*,127.0.0.1:8020"));
        assertEquals(Duration.ZERO, config.mcpWait());
        assertEquals(List.of("http://localhost:6274", "https://agents.example.com"), config.mcpAllowedOrigins());
        assertEquals(List.of("localhost:*", "127.0.0.1:8020"), config.mcpAllowedHosts());
    }

    @Test
    void badValuesAreRefusedNamingTheirKey() {
        assertTrue(failure("MCP_WAIT_SECONDS", "3601").startsWith("MCP_WAIT_SECONDS "));
        assertTrue(failure("MCP_WAIT_SECONDS", "-1").startsWith("MCP_WAIT_SECONDS "));
        assertTrue(failure("MCP_ALLOWED_ORIGINS", "localhost:6274").startsWith("MCP_ALLOWED_ORIGINS "));
        assertTrue(failure("MCP_ALLOWED_ORIGINS", "http://a.example/path").startsWith("MCP_ALLOWED_ORIGINS "));
        assertTrue(failure("MCP_ALLOWED_ORIGINS", "null").startsWith("MCP_ALLOWED_ORIGINS "));
        assertTrue(failure("MCP_ALLOWED_HOSTS", "http://host").startsWith("MCP_ALLOWED_HOSTS "));
        assertTrue(failure("MCP_SESSION_IDLE_SECONDS", "0").startsWith("MCP_SESSION_IDLE_SECONDS "));
        assertTrue(failure("MCP_SESSION_IDLE_SECONDS", "86401").startsWith("MCP_SESSION_IDLE_SECONDS "));
        assertTrue(failure("MCP_SESSION_IDLE_SECONDS", "1h").startsWith("MCP_SESSION_IDLE_SECONDS "));
        assertTrue(failure("MCP_MAX_SESSIONS_PER_KEY", "0").startsWith("MCP_MAX_SESSIONS_PER_KEY "));
        assertTrue(failure("MCP_MAX_SESSIONS_PER_KEY", "100001").startsWith("MCP_MAX_SESSIONS_PER_KEY "));
        assertTrue(failure("MCP_KEEP_ALIVE_SECONDS", "0").startsWith("MCP_KEEP_ALIVE_SECONDS "));
    }
}
