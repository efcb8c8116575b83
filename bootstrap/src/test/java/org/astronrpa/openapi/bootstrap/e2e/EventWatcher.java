package org.astronrpa.openapi.bootstrap.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** A {@code /ws/events} watcher (API.md §5.2) on the JDK WebSocket client, collecting every event it receives. */
public final class EventWatcher implements AutoCloseable {
    private final List<JsonNode> events = new ArrayList<>();
    private final WebSocket socket;

    private EventWatcher(HttpClient client, URI uri, String user) throws Exception {
        this.socket = client.newWebSocketBuilder()
                .header("X-User-Id", user)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener())
                .get(10, TimeUnit.SECONDS);
    }

    public static EventWatcher connect(HttpClient client, int port, String user, String query) throws Exception {
        return new EventWatcher(client, URI.create("ws://127.0.0.1:" + port + "/ws/events" + (query == null ? "" : "?" + query)),
                user);
    }

    /** Every event so far, oldest first. */
    public synchronized List<JsonNode> events() {
        return List.copyOf(events);
    }

    /** Waits until an event matches; false when none did within {@code timeout}. */
    public synchronized boolean await(Predicate<JsonNode> matches, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (events.stream().noneMatch(matches)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private synchronized void received(JsonNode event) {
        events.add(event);
        notifyAll();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(E2eHttp.JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
