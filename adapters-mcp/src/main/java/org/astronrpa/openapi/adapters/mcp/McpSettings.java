package org.astronrpa.openapi.adapters.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the MCP endpoint behaves (API.md §6): how long a workflow tool call waits for its execution, how often it
 * reports progress meanwhile, which {@code Origin} and {@code Host} headers it accepts, and how many sessions a key
 * may keep open for how long.
 *
 * @param maxWait          {@code MCP_WAIT_SECONDS}: a workflow tool call answers RUNNING after this long
 * @param progressInterval how often a waiting call sends a progress notification (when the client asked for them)
 * @param allowedOrigins   browser origins allowed to call; a request with any other {@code Origin} is refused (403),
 *                         one without {@code Origin} (every non-browser client) is not affected
 * @param allowedHosts     {@code Host} values accepted (421 otherwise); empty = any
 * @param version          the server version announced at {@code initialize}
 * @param sessionIdle      {@code MCP_SESSION_IDLE_SECONDS}: a session without a request or an open stream for this
 *                         long is closed (its id then gets 404)
 * @param maxSessionsPerKey {@code MCP_MAX_SESSIONS_PER_KEY}: the most sessions one API key may have open (on this
 *                         instance); an {@code initialize} over it takes the place of the key's least recently
 *                         used idle session, and is refused only when all are busy
 * @param keepAlive        {@code MCP_KEEP_ALIVE_SECONDS}: how often each session is pinged on its listening stream
 */
public record McpSettings(Duration maxWait, Duration progressInterval, List<String> allowedOrigins,
                          List<String> allowedHosts, String version, Duration sessionIdle, int maxSessionsPerKey,
                          Duration keepAlive) {
    /** Where the endpoint is mounted. */
    public static final String PATH = "/mcp";
    /** The paths it answers: {@link #PATH}, and the same with a trailing slash ({@link TrailingSlash}). */
    public static final List<String> PATHS = List.of(PATH, PATH + "/");
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_SESSIONS_PER_KEY = 100;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);

    public McpSettings {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(version, "version");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative");
        }
        if (progressInterval.isZero() || progressInterval.isNegative()) {
            throw new IllegalArgumentException("progressInterval must be positive");
        }
        Objects.requireNonNull(sessionIdle, "sessionIdle");
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (sessionIdle.isZero() || sessionIdle.isNegative() || maxSessionsPerKey < 1 || keepAlive.isZero()
                || keepAlive.isNegative()) {
            throw new IllegalArgumentException("sessionIdle, maxSessionsPerKey and keepAlive must be positive");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** With progress every 5 seconds. */
    public McpSettings(Duration maxWait, List<String> allowedOrigins, List<String> allowedHosts, String version,
                       Duration sessionIdle, int maxSessionsPerKey, Duration keepAlive) {
        this(maxWait, Duration.ofSeconds(5), allowedOrigins, allowedHosts, version, sessionIdle, maxSessionsPerKey,
                keepAlive);
    }
}
