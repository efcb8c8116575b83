package org.astronrpa.openapi.bootstrap;

import static org.astronrpa.openapi.bootstrap.TestKeys.ALL_SCOPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The packaged jar as an operator runs it: start-up refusal, log files, redaction, SIGTERM, SIGKILL. */
class PackagedJarIT {
    @TempDir
    Path dir;

    @Test
    void aBadValueStopsStartUpWithOneLineNamingTheKeyAndExitCode2() throws Exception {
        try (JarProcess process = JarProcess.start(dir, Map.of("SHUTDOWN_TIMEOUT_SECONDS", "-3"))) {
            assertEquals(2, process.awaitExit(Duration.ofSeconds(30)));
            List<String> lines = Files.readAllLines(process.output).stream().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), "exactly one line: " + lines);
            assertTrue(lines.get(0).contains("SHUTDOWN_TIMEOUT_SECONDS"), lines.get(0));
            assertFalse(lines.get(0).contains("Exception"), lines.get(0));
        }
    }

    @Test
    void anUnparseableDatabaseUrlIsRefusedTheSameWay() throws Exception {
        try (JarProcess process = JarProcess.start(dir, Map.of("DATABASE_URL", "mysql:/oops"))) {
            assertEquals(2, process.awaitExit(Duration.ofSeconds(30)));
            assertTrue(Files.readString(process.output).startsWith("configuration error: DATABASE_URL"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json"})
    void noApiKeyOrAuthorizationHeaderReachesTheLogsAndSigtermStopsCleanly(String format) throws Exception {
        Path logs = dir.resolve("logs");
        try (JarProcess process = JarProcess.start(dir, Map.of("LOG_FORMAT", format, "LOG_DIR", logs.toString(),
                "LOG_LEVEL", "DEBUG"))) {
            process.awaitReady(Duration.ofSeconds(60));
            TestHttp http = new TestHttp(process.port);
            String key = http.send("POST", "/api-keys", "{\"name\":\"ci\", \"scopes\": "
                + ALL_SCOPES + "}", "X-User-Id", "alice")
                    .json().at("/data/api_key").asString();
            String requestId = "trace-" + format;
            assertEquals(200, http.send("GET", "/workflows", null, "Authorization", "Bearer " + key,
                    "X-Request-ID", requestId).status());
            assertEquals(200, http.send("GET", "/workflows", null, "X-API-Key", key).status());
            assertEquals(200, http.send("GET", "/workflows?key=" + key + "&pageSize=5", null).status());
            assertEquals(401, http.send("GET", "/workflows?key=" + key.substring(0, 20) + "xxxxxxxxxxxxxxxxxxxxxxxxxxx", null).status());
            assertEquals(401, http.send("GET", "/workflows", null, "Authorization", "Bearer not-a-real-key-but-secret").status());
            // 143 = 128 + SIGTERM: the JVM's exit status after its shutdown hooks ran
            assertEquals(143, process.terminate(Duration.ofSeconds(40)));

            String fileLog = readAll(logs);
            String all = fileLog + Files.readString(process.output);
            assertTrue(fileLog.contains(requestId), "the request id tags the request's log lines");
            assertTrue(fileLog.contains("/workflows"), "access lines are written");
            assertTrue(fileLog.contains("stopped"), "the graceful stop ran to its end");
            assertFalse(all.contains(key), "the full key leaked into the logs");
            assertFalse(all.contains(key.substring(12)), "the secret part of the key leaked into the logs");
            assertFalse(all.contains("not-a-real-key-but-secret"), "an Authorization header leaked into the logs");
            if (format.equals("json")) {
                var mapper = JsonMapper.builder().build();
                for (String line : fileLog.split("\n")) {
                    if (!line.isBlank()) {
                        assertTrue(mapper.readTree(line).has("level"), "each file line is a JSON object: " + line);
                    }
                }
            }
        }
    }

    @Test
    void jsonAccessLinesSayWhoCalledFromWhereInFieldsLogPipelinesRead() throws Exception {
        Path logs = dir.resolve("logs");
        try (JarProcess process = JarProcess.start(dir, Map.of("LOG_FORMAT", "json", "LOG_DIR", logs.toString(),
                "TRUSTED_PROXIES", "127.0.0.1"))) {
            process.awaitReady(Duration.ofSeconds(60));
            TestHttp http = new TestHttp(process.port);
            var created = http.send("POST", "/api-keys", "{\"name\":\"ci\", \"scopes\": "
                + ALL_SCOPES + "}", "X-User-Id", "alice").json();
            String key = created.at("/data/api_key").asString();
            String keyId = created.at("/data/id").asString();
            assertEquals(200, http.send("GET", "/workflows?key=" + key, null, "X-Forwarded-For", "203.0.113.9",
                    "User-Agent", "n8n/1.0", "X-Request-ID", "trace-json").status());
            assertEquals(143, process.terminate(Duration.ofSeconds(40)));

            var mapper = JsonMapper.builder().build();
            JsonNode access = null;
            for (String line : readAll(logs).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode json = mapper.readTree(line);
                assertTrue(json.get("@timestamp").asString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), line);
                for (String field : new String[] {"level", "logger", "message"}) {
                    assertTrue(json.hasNonNull(field), field + " in " + line);
                }
                if ("trace-json".equals(json.path("request_id").asString(null)) && json.has("status")) {
                    access = json;
                }
            }
            assertTrue(access != null, "the access line of the request is written");
            assertEquals("alice", access.get("user_id").asString());
            assertEquals(keyId, access.get("api_key_id").asString());
            assertEquals("203.0.113.9", access.get("client_ip").asString(), "X-Forwarded-For of a trusted proxy");
            assertEquals("n8n/1.0", access.get("user_agent").asString());
            assertEquals(200, access.get("status").asInt());
            assertEquals("GET", access.get("method").asString());
            assertEquals("/workflows", access.get("route").asString());
            assertTrue(access.get("duration_ms").isNumber(), access.toString());
            assertFalse(access.toString().contains(key.substring(12)), "the key in ?key= is redacted: " + access);
        }
    }

    /**
     * On the embedded H2 database, what the service acknowledged is in the file when it answers: a SIGKILL right
     * after (the OOM killer, a crash) loses none of it. H2's default wrote commits up to half a second later.
     */
    @Test
    void changesAcknowledgedRightBeforeASigkillAreThereAfterTheRestart() throws Exception {
        Map<String, String> env = Map.of("DATA_DIR", dir.resolve("data").toString());
        List<String> keys = new java.util.ArrayList<>();
        try (JarProcess first = JarProcess.start(Files.createDirectories(dir.resolve("first")), env)) {
            first.awaitReady(Duration.ofSeconds(60));
            TestHttp http = new TestHttp(first.port);
            for (int i = 0; i < 5; i++) {
                TestHttp.Answer created = http.send("POST", "/api-keys", "{\"name\":\"k" + i + "\", \"scopes\": "
                + ALL_SCOPES + "}", "X-User-Id", "alice");
                assertEquals(201, created.status(), created.body());
                keys.add(created.json().at("/data/api_key").asString());
            }
            first.kill();
        }
        try (JarProcess second = JarProcess.start(Files.createDirectories(dir.resolve("second")), env)) {
            second.awaitReady(Duration.ofSeconds(60));
            TestHttp http = new TestHttp(second.port);
            for (String key : keys) {
                assertEquals(200, http.send("GET", "/workflows", null, "X-API-Key", key).status(),
                        "key " + keys.indexOf(key) + " of " + keys.size() + " was lost by the kill");
            }
        }
    }

    private static String readAll(Path logs) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
