package org.astronrpa.openapi.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Tells at DEBUG, not at ERROR or WARN, what the MCP SDK reports when a client went away: a message that could not be
 * written to a closed connection ({@code Client disconnected}), a keep-alive ping that found nobody. An agent that
 * exits without ending its session, or gives up a call by closing the connection, is normal use; ERROR and WARN
 * stay for the service's own faults. (The SDK's lines also carry the whole session id, which lets a reader of the
 * log use the session; the DEBUG line shows its start only.) Every other line of the SDK passes unchanged.
 */
public final class McpClientGoneFilter extends TurboFilter {
    static final String SEND_LOGGER = "io.modelcontextprotocol.spec.McpTransport";
    static final String SEND_FAILED = "Failed to send message to session {}: {}";
    static final String KEEP_ALIVE_LOGGER = "io.modelcontextprotocol.util.KeepAliveScheduler";
    static final String PING_FAILED = "Keep-alive ping to session {} failed: {}";
    private static final String DISCONNECTED = "Client disconnected";
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(McpClientGoneFilter.class);

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || level == null || !level.isGreaterOrEqual(Level.WARN) || logger == null) {
            return FilterReply.NEUTRAL;
        }
        if (SEND_FAILED.equals(format) && SEND_LOGGER.equals(logger.getName()) && params != null
                && params.length == 2 && DISCONNECTED.equals(String.valueOf(params[1]))) {
            LOG.debug("MCP client of session {} disconnected: a message to it was not delivered", start(params[0]));
            return FilterReply.DENY;
        }
        if (PING_FAILED.equals(format) && KEEP_ALIVE_LOGGER.equals(logger.getName())) {
            LOG.debug("MCP keep-alive ping not answered: the client disconnected or is slow");
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    /** The start of a session id, enough to tell sessions apart and too little to use one. */
    private static String start(Object sessionId) {
        String id = String.valueOf(sessionId);
        String start = (id.length() > 8 ? id.substring(0, 8) : id).replaceAll("[^A-Za-z0-9._-]", "?");
        return id.length() > 8 ? start + "…" : start;
    }
}
