package org.astronrpa.openapi.adapters.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.astronrpa.openapi.application.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The last step of every request: one access log line and the HTTP timer, then the log context is cleared. The
 * line says who called from where; its fields also go out as key-value pairs, which the JSON log format writes as
 * fields of their own ({@code user_id}, {@code api_key_id}, {@code client_ip}, {@code user_agent}, {@code method},
 * {@code path}, {@code route}, {@code status}, {@code duration_ms}).
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("http.access");
    private static final Pattern SECRET_QUERY = Pattern.compile("(?i)(^|&)(key|api_key|token)=[^&]*");

    private final MeterRegistry registry;
    private final org.astronrpa.openapi.domain.shared.TrustedProxies clients;

    AccessLog(MeterRegistry registry, org.astronrpa.openapi.domain.shared.TrustedProxies clients) {
        this.registry = registry;
        this.clients = clients;
    }

    void log(Context ctx, Float millis) {
        try {
            String route = route(ctx);
            int status = ctx.statusCode();
            Timer.builder("http.server.requests")
                    .description("HTTP requests by route template, method and status")
                    .tag("method", ctx.method().name())
                    .tag("route", route)
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .register(registry)
                    .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
            if (LOG.isInfoEnabled()) {
                Caller caller = ctx.attribute(RobotSocket.CALLER_ATTRIBUTE);
                String user = caller == null ? "-" : caller.userId().value();
                String client = clients.clientOf(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
                String userAgent = ctx.header("User-Agent");
                double duration = Math.round(millis * 10.0) / 10.0;
                String path = ctx.path() + query(ctx);
                LoggingEventBuilder line = LOG.atInfo()
                        .addKeyValue("method", ctx.method().name())
                        .addKeyValue("path", path)
                        .addKeyValue("route", route)
                        .addKeyValue("status", status)
                        .addKeyValue("duration_ms", duration)
                        .addKeyValue("client_ip", client)
                        .addKeyValue("user_agent", userAgent == null ? "" : userAgent);
                if (caller != null) {
                    line = line.addKeyValue("user_id", user);
                    if (caller.apiKeyId() != null) {
                        line = line.addKeyValue("api_key_id", caller.apiKeyId());
                    }
                }
                line.log("{} {} -> {} in {} ms (user {}, client {})", ctx.method().name(), path, status,
                        String.format(java.util.Locale.ROOT, "%.1f", millis), user, client);
            }
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    private static String route(Context ctx) {
        String path = ctx.endpoint().path;
        if (path == null || path.isEmpty() || path.equals("*")) {
            return ctx.statusCode() == 404 ? "NOT_FOUND" : "UNMATCHED";
        }
        return path;
    }

    /** The query string with secrets (the MCP-style {@code ?key=}) replaced. */
    static String query(Context ctx) {
        String query = ctx.queryString();
        if (query == null || query.isEmpty()) {
            return "";
        }
        return "?" + SECRET_QUERY.matcher(query).replaceAll("$1$2=***");
    }
}
