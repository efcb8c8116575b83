package org.astronrpa.openapi.adapters.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** A WebSocket client for tests: frames received are queued; the close code is kept. */
final class TestSocket implements AutoCloseable {
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** The reason of the server's close frame. */
    final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final WebSocket socket;

    private TestSocket(URI uri, String... headers) throws Exception {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        StringBuilder partial = new StringBuilder();
        socket = builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                closeReason.complete(reason);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    static TestSocket open(TestApi api, String path, String... headers) throws Exception {
        return new TestSocket(URI.create(api.uri(path).toString().replaceFirst("^http", "ws")), headers);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame as JSON, failing after five seconds. */
    JsonNode next() throws InterruptedException {
        String frame = received.poll(5, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 5 s");
        }
        return TestApi.JSON.readTree(frame);
    }

    /** The next frame on {@code channel} (others skipped), failing after five seconds. */
    JsonNode next(String channel) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            String frame = received.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null && channel.equals(TestApi.JSON.readTree(frame).path("channel").asString(""))) {
                return TestApi.JSON.readTree(frame);
            }
        }
        throw new AssertionError("no " + channel + " frame within 5 s");
    }

    @Override
    public void close() {
        socket.abort();
    }
}
