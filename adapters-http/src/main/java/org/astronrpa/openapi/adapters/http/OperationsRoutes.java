package org.astronrpa.openapi.adapters.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.astronrpa.openapi.application.ops.CheckHealth;
import org.astronrpa.openapi.application.ops.HealthReport;

/** Health, metrics and the API documents (API.md §8); none of them needs credentials. */
final class OperationsRoutes {
    private final CheckHealth checkHealth;
    /** The exposition of the metric families named (all of them for none). */
    private final Function<Set<String>, String> metrics;
    private final byte[] openApi = resource("openapi/openapi.json");
    private final byte[] swaggerPage = resource("docs/swagger.html");
    private final byte[] swaggerInit = resource("docs/init.js");
    private final byte[] redocPage = resource("docs/redoc.html");

    OperationsRoutes(CheckHealth checkHealth, Function<Set<String>, String> metrics) {
        this.checkHealth = checkHealth;
        this.metrics = metrics;
    }

    record Health(String status, Map<String, String> checks) {
    }

    record Live(String status) {
    }

    void register(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/health/live", ctx -> ctx.json(new Live("UP")));
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.apply(new LinkedHashSet<>(ctx.queryParams("name[]")))));
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        routes.get("/docs", ctx -> page(ctx, swaggerPage));
        routes.get("/docs/init.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(swaggerInit));
        routes.get("/redoc", ctx -> page(ctx, redocPage));
        routes.get(WebjarAssets.ROUTE, WebjarAssets::serve);
    }

    /**
     * Everything a documentation page loads comes from this server: the policy keeps the browser from fetching
     * anything else (ReDoc's menu shows a logo from a CDN; blocked, the image hides itself). Inline styles and
     * blob workers are what Swagger UI and ReDoc need.
     */
    static final String DOCS_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'self'";

    private static void page(Context ctx, byte[] html) {
        ctx.header("Content-Security-Policy", DOCS_POLICY).contentType("text/html; charset=utf-8").result(html);
    }

    private void health(Context ctx) {
        HealthReport report = checkHealth.check();
        ctx.status(report.up() ? 200 : 503).json(new Health(report.up() ? "UP" : "DOWN", report.checks()));
    }

    private static byte[] resource(String path) {
        try (InputStream in = OperationsRoutes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
