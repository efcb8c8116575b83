package org.astronrpa.openapi.bootstrap.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonLinesEncoderTest {
    private static final String KEY = "rpa_AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("http.access");
    private final JsonLinesEncoder encoder = new JsonLinesEncoder();

    private JsonNode encode(LoggingEvent event) {
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        return JsonMapper.builder().build().readTree(line);
    }

    @Test
    void aLineCarriesTheConventionalFieldsTheContextAndTheKeyValuePairs() {
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.INFO, "GET {} -> {}", null,
                new Object[] {"/workflows", 200});
        event.setTimeStamp(1_780_000_000_123L);
        event.setThreadName("http-1");
        event.setMDCPropertyMap(Map.of("request_id", "req-1"));
        event.addKeyValuePair(new KeyValuePair("status", 200));
        event.addKeyValuePair(new KeyValuePair("duration_ms", 1.5));
        event.addKeyValuePair(new KeyValuePair("user_id", "alice"));
        event.addKeyValuePair(new KeyValuePair("message", "a pair may not replace the message"));

        JsonNode line = encode(event);
        assertEquals("2026-05-28T20:26:40.123Z", line.get("@timestamp").asString());
        assertEquals("INFO", line.get("level").asString());
        assertEquals("http.access", line.get("logger").asString());
        assertEquals("http-1", line.get("thread").asString());
        assertEquals("GET /workflows -> 200", line.get("message").asString());
        assertEquals("req-1", line.get("request_id").asString());
        assertEquals(200, line.get("status").asInt());
        assertTrue(line.get("status").isInt(), "numbers stay numbers");
        assertEquals(1.5, line.get("duration_ms").asDouble());
        assertEquals("alice", line.get("user_id").asString());
        assertFalse(line.has("formattedMessage") || line.has("timestamp") || line.has("mdc"), "no raw logback names");
    }

    @Test
    void secretsAreRedactedInTheMessageTheValuesAndTheStackTrace() {
        LoggingEvent event = new LoggingEvent("fqcn", logger, Level.ERROR, "key {} failed", new IllegalStateException(
                "Authorization: Bearer " + KEY), new Object[] {KEY});
        event.setMDCPropertyMap(Map.of());
        event.addKeyValuePair(new KeyValuePair("path", "/workflows?key=" + KEY));
        JsonNode line = encode(event);
        String text = line.toString();
        assertFalse(text.contains(KEY.substring(8)), text);
        assertTrue(line.get("stack_trace").asString().contains("IllegalStateException"), text);
        assertTrue(line.get("path").asString().startsWith("/workflows?key=***"), text);
    }
}
