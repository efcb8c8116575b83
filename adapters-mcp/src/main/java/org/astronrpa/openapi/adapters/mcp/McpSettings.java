package org.astronrpa.openapi.adapters.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the MCP endpoint behaves (API.md §6): how long a workflow tool call waits for its execution, how often it
 * reports progress meanwhile, and which {@code Origin} and {@code Host} headers it accepts.
 *
 * @param maxWait          {@code MCP_WAIT_SECONDS}: a workflow tool call answers RUNNING after this long
 * @param progressInterval how often a waiting call sends a progress notification (when the client asked for them)
 * @param allowedOrigins   browser origins allowed to call; a request with any other {@code Origin} is refused (403),
 *                         one without {@code Origin} (every non-browser client) is not affected
 * @param allowedHosts     {@code Host} values accepted (421 otherwise); empty = any
 * @param version          the server version announced at {@code initialize}
 */
public record McpSettings(Duration maxWait, Duration progressInterval, List<String> allowedOrigins,
                          List<String> allowedHosts, String version) {
    /** Where the endpoint is mounted. */
    public static final String PATH = "/mcp";

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
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** With progress every 5 seconds. */
    public McpSettings(Duration maxWait, List<String> allowedOrigins, List<String> allowedHosts, String version) {
        this(maxWait, Duration.ofSeconds(5), allowedOrigins, allowedHosts, version);
    }
}
