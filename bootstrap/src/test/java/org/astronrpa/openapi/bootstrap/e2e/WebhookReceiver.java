package org.astronrpa.openapi.bootstrap.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A webhook receiver on 127.0.0.1, as a user would run one: it records every request (path, headers, body, when) and
 * answers each path with the statuses scripted for it, in turn, then 200.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request received. */
    public record Received(String path, Map<String, List<String>> headers, String body, Instant at) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();
    /** When set, every request is answered this (a receiver that is down, say), and not recorded. */
    private volatile Integer all;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            Integer down = all;
            if (down != null) {
                exchange.sendResponseHeaders(down, -1);
                exchange.close();
                return;
            }
            received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, Instant.now()));
            Deque<Integer> statuses = scripted.get(path);
            Integer status = statuses == null ? null : statuses.pollFirst();
            byte[] answer = ("answered " + (status == null ? 200 : status)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** Every request is answered {@code status} and not recorded from now on; null: back to normal. */
    public void answerAll(Integer status) {
        all = status;
    }

    /** {@code path} answers these statuses to its next requests, then 200. */
    public void script(String path, Integer... statuses) {
        scripted.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits up to {@code timeout} for {@code count} requests to {@code path} that match; returns them all. */
    public List<Received> await(String path, int count, Predicate<Received> matching, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        List<Received> found = new ArrayList<>();
        while (Instant.now().isBefore(end)) {
            found = received(path).stream().filter(matching).toList();
            if (found.size() >= count) {
                return found;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("expected " + count + " requests to " + path + " within " + timeout + ", got "
                + found.size() + ": " + received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
