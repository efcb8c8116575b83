package org.astronrpa.openapi.adapters.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The last step of every request: one access log line and the HTTP timer, then the log context is cleared. */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("http.access");
    private static final Pattern SECRET_QUERY = Pattern.compile("(?i)(^|&)(key|api_key|token)=[^&]*");

    private final MeterRegistry registry;

    AccessLog(MeterRegistry registry) {
        this.registry = registry;
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
                LOG.info("{} {}{} -> {} in {} ms", ctx.method().name(), ctx.path(), query(ctx), status,
                        String.format(java.util.Locale.ROOT, "%.1f", millis));
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
