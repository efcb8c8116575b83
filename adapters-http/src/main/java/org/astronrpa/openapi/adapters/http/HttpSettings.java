package org.astronrpa.openapi.adapters.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the HTTP server listens ({@code port} 0 picks a free port, for tests); a WebSocket that
 * stays silent for {@code wsPingTimeout} is closed, and one whose peer lets more than {@code wsLimits} pile up
 * unread is closed too.
 */
public record HttpSettings(String host, int port, Duration shutdownTimeout, Duration wsPingTimeout,
                           WsQueueSettings wsLimits) {
    /** Request bodies above this are refused with 413 before they are read whole. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    public HttpSettings {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(wsPingTimeout, "wsPingTimeout");
        Objects.requireNonNull(wsLimits, "wsLimits");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Settings with the default WebSocket queue limits. */
    public HttpSettings(String host, int port, Duration shutdownTimeout, Duration wsPingTimeout) {
        this(host, port, shutdownTimeout, wsPingTimeout, WsQueueSettings.DEFAULTS);
    }
}
