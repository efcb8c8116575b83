package org.astronrpa.openapi.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * MCP clients that go away without a word — an agent process that exits, a call given up by closing the
 * connection — are normal use (API.md §9, MCP "Logs and metrics"): the service logs them at DEBUG or INFO, never
 * WARN or ERROR, which stay for its own faults. The log lines are captured from logback while real clients come and
 * go over HTTP.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class McpDisconnectLoggingTest {
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void capture() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        root.setLevel(rootLevel);
    }

    private List<ILoggingEvent> events() {
        synchronized (captured.list) {
            return List.copyOf(captured.list);
        }
    }

    private static String describe(List<ILoggingEvent> events) {
        return events.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    /** The WARN and ERROR lines since the test began. */
    private List<ILoggingEvent> warnings() {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    @Test
    void clientsThatLeaveWithoutAWordAreNoWarningOrError(@TempDir Path dir) throws Exception {
        try (McpFixture service = new McpFixture(dir, Map.of("MCP_WAIT_SECONDS", "1", "MCP_KEEP_ALIVE_SECONDS", "1"))) {
            String user = McpFixture.newUser();
            String key = service.key(user);
            String tool = service.upsert(user, "{\"project_id\": \"gone-%s\", \"name\": \"Gone\"}"
                    .formatted(UUID.randomUUID().toString().substring(0, 8))).get("tool_name").asString();

            // an agent whose process ends: its listening stream is cut, no DELETE comes
            String listening = open(service, key);
            leave(service.port(), "GET", key, listening, null);
            // a call given up by closing the connection (no robot: the answer comes after MCP_WAIT_SECONDS)
            String calling = open(service, key);
            leave(service.port(), "POST", key, calling, "{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": "
                    + "\"tools/call\", \"params\": {\"name\": \"" + tool + "\", \"arguments\": {}}}");
            // a client that goes away in the middle of its body
            cutBody(service.port(), key, calling);
            Thread.sleep(300);

            service.upsert(user, "{\"project_id\": \"more-%s\", \"name\": \"More\"}"
                    .formatted(UUID.randomUUID().toString().substring(0, 8)));   // tools/list_changed to the cut stream
            Thread.sleep(3500);                             // the call's answer and keep-alive pings meet closed sockets

            List<ILoggingEvent> warnings = warnings();
            assertTrue(warnings.isEmpty(), "normal disconnects logged as problems:\n" + describe(warnings));
            assertTrue(events().stream().anyMatch(e -> e.getLevel() == Level.DEBUG
                            && e.getFormattedMessage().contains("disconnected")),
                    "the disconnects are still told at DEBUG:\n" + describe(events()));
        }
    }

    private static String open(McpFixture service, String key) throws Exception {
        return service.post("/mcp?key=" + key, McpFixture.initializeRequest()).headers().firstValue("Mcp-Session-Id")
                .orElseThrow();
    }

    /** Sends half the body it announced, and goes. */
    private static void cutBody(int port, String key, String session) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp?key=" + key + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: "
                    + "application/json\r\nAccept: application/json, text/event-stream\r\nMcp-Session-Id: " + session
                    + "\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\": \"2.0\",").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200);
        }
    }

    /** Sends a request naming {@code session} on a raw socket, reads the first byte of the answer at most, and goes. */
    private static void leave(int port, String method, String key, String session, String json) throws Exception {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " /mcp?key=" + key + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: "
                    + "application/json\r\nAccept: application/json, text/event-stream\r\nMcp-Session-Id: " + session
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            socket.setSoTimeout(500);
            try {
                socket.getInputStream().read();
            } catch (java.net.SocketTimeoutException e) {
                // no answer yet: gone all the same
            }
        }
    }
}
