package org.astronrpa.openapi.adapters.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.astronrpa.openapi.domain.webhook.AttemptResult;
import org.astronrpa.openapi.domain.webhook.TargetPolicy;
import org.astronrpa.openapi.domain.webhook.WebhookTransport;

/**
 * Webhook requests with the JDK's HTTP client: redirects never followed (a 3xx is the receiver's answer), a connect
 * timeout and a total one, at most {@link AttemptResult#MAX_BODY} bytes of the answer read. Before each request the
 * host is resolved and every address it resolves to is put to the {@link TargetPolicy}; the client then connects to
 * one of those same addresses, as the JVM keeps a name's addresses for 30 s ({@code networkaddress.cache.ttl}), so a
 * name cannot resolve to a public address for the check and to a private one for the connection.
 */
public final class JdkWebhookTransport implements WebhookTransport {
    /**
     * Made at the first request: building a JDK client sets up TLS (the default SSL context), some 70 ms and 300 classes
     * of every start for a service that may never call a webhook (issue 18).
     */
    private volatile HttpClient client;
    private final TargetPolicy policy;
    private final Duration connectTimeout;
    private final Duration totalTimeout;

    public JdkWebhookTransport(TargetPolicy policy, Duration connectTimeout, Duration totalTimeout) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.totalTimeout = totalTimeout;
    }

    private HttpClient client() {
        HttpClient made = client;
        if (made == null) {
            synchronized (this) {
                made = client;
                if (made == null) {
                    made = HttpClient.newBuilder()
                            .connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .proxy(HttpClient.Builder.NO_PROXY)   // a proxy would resolve and connect past the address guard
                            .build();
                    client = made;
                }
            }
        }
        return made;
    }

    /**
     * The whole attempt — resolving the host, connecting, the answer's headers and the start of its body — within the
     * total timeout (the JDK client's own request timeout covers the wait for the headers only): past it, the
     * request is cancelled and its body closed, and the attempt is an unreachable receiver.
     */
    @Override
    public AttemptResult send(URI url, Map<String, String> headers, String body) {
        long started = System.nanoTime();
        java.util.concurrent.atomic.AtomicReference<InputStream> answer =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<?>> exchange =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CompletableFuture<AttemptResult> attempt = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("webhook-request").start(() -> {
            try {
                attempt.complete(attempt(url, headers, body, started, answer, exchange));
            } catch (RuntimeException e) {
                attempt.complete(new AttemptResult.Unreachable("the request failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), since(started)));
            }
        });
        try {
            return attempt.get(totalTimeout.toNanos() + connectTimeout.toNanos(),
                    java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException late) {
            abandon(exchange.get(), answer.get());
            return new AttemptResult.Unreachable("no whole answer within " + totalTimeout.toSeconds() + " s",
                    since(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(exchange.get(), answer.get());
            return new AttemptResult.Unreachable("the service was stopping", since(started));
        } catch (java.util.concurrent.ExecutionException impossible) {
            return new AttemptResult.Unreachable("the request failed: " + impossible.getCause(), since(started));
        }
    }

    private static void abandon(java.util.concurrent.CompletableFuture<?> exchange, InputStream answer) {
        if (exchange != null) {
            exchange.cancel(true);
        }
        if (answer != null) {
            try {
                answer.close();
            } catch (IOException ignored) {
                // closing is all that is wanted of it
            }
        }
    }

    private AttemptResult attempt(URI url, Map<String, String> headers, String body, long started,
                                  java.util.concurrent.atomic.AtomicReference<InputStream> answer,
                                  java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<?>>
                                          exchange) {
        String host = url.getHost();
        List<InetAddress> addresses;
        try {
            addresses = Arrays.asList(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return new AttemptResult.Unreachable("the host " + host + " does not resolve", since(started));
        }
        Optional<String> refused = policy.refusal(host, addresses);
        if (refused.isPresent()) {
            return new AttemptResult.Refused(refused.get());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(totalTimeout)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            var sent = client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            exchange.set(sent);
            HttpResponse<InputStream> response = sent.get();
            String text;
            try (InputStream in = response.body()) {
                answer.set(in);
                text = new String(in.readNBytes(AttemptResult.MAX_BODY), StandardCharsets.UTF_8);
            } catch (IOException cutShort) {
                text = "";
            }
            return new AttemptResult.Responded(response.statusCode(), text,
                    retryAfter(response.headers().firstValue("Retry-After")), since(started));
        } catch (java.util.concurrent.ExecutionException failed) {
            return unreachable(failed.getCause(), started);
        } catch (java.util.concurrent.CancellationException | InterruptedException stopped) {
            return new AttemptResult.Unreachable("the attempt was given up", since(started));
        }
    }

    private AttemptResult unreachable(Throwable cause, long started) {
        return switch (cause) {
            case HttpConnectTimeoutException e -> new AttemptResult.Unreachable("could not connect within "
                    + connectTimeout.toSeconds() + " s", since(started));
            case HttpTimeoutException e -> new AttemptResult.Unreachable("no answer within "
                    + totalTimeout.toSeconds() + " s", since(started));
            case ConnectException e -> new AttemptResult.Unreachable("the connection was refused", since(started));
            case SSLException e -> new AttemptResult.Unreachable("TLS failed: " + e.getMessage(), since(started));
            case null -> new AttemptResult.Unreachable("the request failed", since(started));
            default -> new AttemptResult.Unreachable("the request failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), since(started));
        };
    }

    /** A {@code Retry-After} of seconds or an HTTP date, as a wait; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
