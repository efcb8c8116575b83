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
    private final HttpClient client;
    private final TargetPolicy policy;
    private final Duration connectTimeout;
    private final Duration totalTimeout;

    public JdkWebhookTransport(TargetPolicy policy, Duration connectTimeout, Duration totalTimeout) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.totalTimeout = totalTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public AttemptResult send(URI url, Map<String, String> headers, String body) {
        long started = System.nanoTime();
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
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String answer;
            try (InputStream in = response.body()) {
                answer = new String(in.readNBytes(AttemptResult.MAX_BODY), StandardCharsets.UTF_8);
            } catch (IOException cutShort) {
                answer = "";
            }
            return new AttemptResult.Responded(response.statusCode(), answer,
                    retryAfter(response.headers().firstValue("Retry-After")), since(started));
        } catch (HttpConnectTimeoutException e) {
            return new AttemptResult.Unreachable("could not connect within " + connectTimeout.toSeconds() + " s",
                    since(started));
        } catch (HttpTimeoutException e) {
            return new AttemptResult.Unreachable("no answer within " + totalTimeout.toSeconds() + " s",
                    since(started));
        } catch (ConnectException e) {
            return new AttemptResult.Unreachable("the connection was refused", since(started));
        } catch (SSLException e) {
            return new AttemptResult.Unreachable("TLS failed: " + e.getMessage(), since(started));
        } catch (IOException e) {
            return new AttemptResult.Unreachable("the request failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), since(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AttemptResult.Unreachable("the service was stopping", since(started));
        }
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
