package org.astronrpa.openapi.adapters.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how the HTTP server listens ({@code port} 0 picks a free port, for tests); a WebSocket that
 * stays silent for {@code wsPingTimeout} is closed, and one whose peer lets more than {@code wsLimits} pile up
 * unread is closed too; a request body that stops arriving for {@code bodyTimeout} before its end is answered 408;
 * {@code trustedProxies} (addresses or CIDR blocks) are the proxies whose {@code X-Forwarded-For} names the client
 * in access lines.
 */
public record HttpSettings(String host, int port, Duration shutdownTimeout, Duration wsPingTimeout,
                           Duration bodyTimeout, WsQueueSettings wsLimits, List<String> trustedProxies) {
    /** Request bodies above this are refused with 413 before they are read whole. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    public HttpSettings {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(wsPingTimeout, "wsPingTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("bodyTimeout must be positive: " + bodyTimeout);
        }
        Objects.requireNonNull(wsLimits, "wsLimits");
        trustedProxies = List.copyOf(trustedProxies);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Settings with the default WebSocket queue limits that trust no proxy. */
    public HttpSettings(String host, int port, Duration shutdownTimeout, Duration wsPingTimeout, Duration bodyTimeout) {
        this(host, port, shutdownTimeout, wsPingTimeout, bodyTimeout, WsQueueSettings.DEFAULTS, List.of());
    }
}
