package org.astronrpa.openapi.adapters.http;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The documentation pages' scripts, styles and icons, from the Swagger UI and ReDoc webjars on the classpath, read
 * when asked for. (Javalin's own webjar support mounts the whole service jar as a file system when the server starts:
 * about 0.3 s of every start for pages most starts never serve — issue 18.) Paths are versioned, so a browser keeps
 * what it got for a year.
 */
final class WebjarAssets {
    static final String ROUTE = "/webjars/<asset>";
    private static final String ROOT = "META-INF/resources/webjars/";
    /** The webjars the pages use; nothing else on the classpath is served. */
    private static final List<String> SERVED = List.of("swagger-ui/", "redoc/");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "html", "text/html; charset=utf-8",
            "map", "application/json",
            "json", "application/json");

    private WebjarAssets() {
    }

    static void serve(Context ctx) {
        String asset = ctx.pathParam("asset");
        boolean served = SERVED.stream().anyMatch(asset::startsWith) && !asset.contains("..") && !asset.contains("\\")
                && !asset.contains("//");
        InputStream in = served ? WebjarAssets.class.getClassLoader().getResourceAsStream(ROOT + asset) : null;
        if (in == null) {
            throw new NotFoundResponse();   // "no route for GET /webjars/…", as for any path not served
        }
        String extension = asset.substring(asset.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        ctx.header("Cache-Control", "public, max-age=31536000, immutable")
                .contentType(TYPES.getOrDefault(extension, "application/octet-stream"))
                .result(in);
    }
}
