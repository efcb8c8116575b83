package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.astronrpa.openapi.application.auth.AuthPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A body shorter than its {@code Content-Length} (HTTP_BODY_TIMEOUT_SECONDS): a 4xx in the envelope soon after the
 * client goes silent, never a 500, never a stack trace in the log; a long wait for an answer is not cut by it.
 */
class IncompleteBodyHttpTest {
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static TestApi api;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void start() {
        api = new TestApi(new AuthPolicy(true, null), IDLE);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void captureLog() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
    }

    /** Sends the head and part of the body, optionally closes the sending side, and reads the whole answer. */
    private static String sendPartOfABody(boolean closeSendingSide) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            String request = "POST /api-keys HTTP/1.1\r\nHost: localhost\r\nX-User-Id: alice\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"name\":";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            if (closeSendingSide) {
                socket.shutdownOutput();
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private void assertEnvelope(String answer, int status) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
        assertTrue(answer.toLowerCase().contains("\r\nx-request-id: "), answer);
        JsonNode body = TestApi.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertEquals("5001", body.get("code").asString(), answer);
        assertTrue(body.get("msg").asString().contains("Content-Length of 50 bytes"), answer);
        assertTrue(logged.list.stream().noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR)
                || event.getThrowableProxy() != null), "an error or a stack trace was logged: " + logged.list);
    }

    @Test
    void aBodyThatStopsArrivingIsA408SoonAfterTheBodyTimeout() throws Exception {
        long started = System.nanoTime();
        String answer = sendPartOfABody(false);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertEnvelope(answer, 408);
        assertTrue(seconds < 5, "answered after " + seconds + " s with a body timeout of " + IDLE);
    }

    @Test
    void aBodyCutShortByTheClientClosingItsSideIsA400() throws Exception {
        assertEnvelope(sendPartOfABody(true), 400);
    }

    /** Reads one answer (status line, headers, Content-Length bytes) from a kept-alive connection. */
    private static String readAnswer(java.io.InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed after: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = Integer.parseInt(text.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line -> line.substring(15).strip()).findFirst().orElse("0"));
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void aKeptAliveConnectionOutlivesTheBodyTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(readAnswer(socket.getInputStream()).startsWith("HTTP/1.1 200 "));
            Thread.sleep(IDLE.toMillis() * 2 + 500);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(readAnswer(socket.getInputStream()).startsWith("HTTP/1.1 200 "), "the idle connection was closed");
        }
    }

    @Test
    void waitingForAnAnswerLongerThanTheBodyTimeoutIsNotCut() {
        api.post("/workflows/upsert", "{\"project_id\":\"idle-1\",\"name\":\"Idle\"}", as("alice"));
        String id = api.post("/executions", "{\"project_id\":\"idle-1\"}", as("alice")).json()
                .at("/data/execution/id").asString();
        long started = System.nanoTime();
        var answer = api.get("/executions/" + id + "?wait=3", as("alice"));
        assertEquals(200, answer.status(), answer.raw().body());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 2_500, "the wait was cut short");
    }
}
