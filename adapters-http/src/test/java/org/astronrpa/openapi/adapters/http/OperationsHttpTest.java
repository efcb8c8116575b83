package org.astronrpa.openapi.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.astronrpa.openapi.adapters.http.TestApi.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Health, metrics and the API documents (API.md §8), none of which needs credentials. */
class OperationsHttpTest {
    private static final Pattern LOCAL_ASSET = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"");
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static List<String> localAssets(String html) {
        List<String> assets = new ArrayList<>();
        Matcher matcher = LOCAL_ASSET.matcher(html);
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        return assets;
    }

    private static void assertHtmlPageWithServedWebjars(String path) {
        Answer page = api.get(path);
        assertEquals(200, page.status(), page.raw().body());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
        List<String> assets = localAssets(page.raw().body());
        assertTrue(assets.stream().anyMatch(asset -> asset.startsWith("/webjars/")), assets.toString());
        assertTrue(assets.stream().anyMatch(asset -> asset.endsWith("favicon-32x32.png")),
                "the page names its icon, so the browser does not ask for /favicon.ico: " + assets);
        assertEquals(OperationsRoutes.DOCS_POLICY, page.header("Content-Security-Policy"),
                "nothing may be fetched from another host (ReDoc's menu logo lives on a CDN)");
        assertTrue(OperationsRoutes.DOCS_POLICY.startsWith("default-src 'self';"), OperationsRoutes.DOCS_POLICY);
        for (String asset : assets) {
            Answer served = api.get(asset);
            assertEquals(200, served.status(), asset);
            assertFalse(served.raw().body().isEmpty(), asset);
            if (asset.startsWith("/webjars/")) {
                assertEquals("public, max-age=31536000, immutable", served.header("Cache-Control"), asset);
                String type = served.header("Content-Type");
                String expected = asset.endsWith(".js") ? "text/javascript" : asset.endsWith(".css") ? "text/css" : "image/png";
                assertTrue(type.startsWith(expected), asset + ": " + type);
            }
        }
    }

    @Test
    void onlyTheDocumentationWebjarsAreServedAndNothingOutsideThem() {
        for (String path : List.of("/webjars/swagger-ui/no-such-version/swagger-ui.css", "/webjars/jquery/jquery.js",
                "/webjars/swagger-ui/../../../logback.xml", "/webjars/swagger-ui/%2e%2e/%2e%2e/META-INF/MANIFEST.MF",
                "/webjars/redoc//etc/passwd", "/webjars/")) {
            Answer answer = api.get(path);
            // Jetty itself refuses a path that climbs out of its root (400); what reaches the route and is not one of
            // the pages' assets is not found
            assertEquals(path.contains("..") ? 400 : 404, answer.status(), path + ": " + answer.raw().body());
        }
    }

    @Test
    void healthIsUpWithEachCheck() {
        Answer answer = api.get("/health");

        assertEquals(200, answer.status(), answer.raw().body());
        assertEquals(TestApi.JSON.readTree("{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"redis\":\"DISABLED\"}}"),
                answer.json());
    }

    @Test
    void healthIs503AndDownWhileTheDatabaseIsDown() {
        api.databaseUp = false;
        try {
            Answer answer = api.get("/health");

            assertEquals(503, answer.status(), answer.raw().body());
            assertEquals("DOWN", answer.json().get("status").asString());
            assertEquals("DOWN", answer.json().get("checks").get("database").asString());
            assertEquals("DISABLED", answer.json().get("checks").get("redis").asString());
        } finally {
            api.databaseUp = true;
        }
    }

    @Test
    void livenessIsUpEvenWhileTheDatabaseIsDown() {
        api.databaseUp = false;
        try {
            assertEquals(200, api.get("/health/live").status());
        } finally {
            api.databaseUp = true;
        }
    }

    @Test
    void metricsAnswerPrometheusText() {
        Answer answer = api.get("/metrics");

        assertEquals(200, answer.status());
        assertTrue(answer.header("Content-Type").startsWith("text/plain"), answer.header("Content-Type"));
        assertEquals("# metrics\n", answer.raw().body());
    }

    @Test
    void metricsCanBeNarrowedToTheFamiliesNamed() {
        Answer answer = api.get("/metrics?name[]=rpa_queue_depth&name[]=rpa_schedule_occurrences_total&name[]=rpa_queue_depth");

        assertEquals(200, answer.status());
        assertEquals("# metrics rpa_queue_depth,rpa_schedule_occurrences_total\n", answer.raw().body());
    }

    @Test
    void theOpenApiDocumentIsJsonOfVersion31() {
        Answer answer = api.get("/openapi.json");

        assertEquals(200, answer.status());
        assertTrue(answer.header("Content-Type").startsWith("application/json"), answer.header("Content-Type"));
        JsonNode document = answer.json();
        assertTrue(document.get("openapi").asString().startsWith("3.1"), document.get("openapi").toString());
        assertTrue(document.get("paths").has("/workflows/upsert"), "paths");
    }

    @Test
    void swaggerUiIsServedWithItsAssetsFromTheJar() {
        assertHtmlPageWithServedWebjars("/docs");
    }

    @Test
    void redocIsServedWithItsAssetsFromTheJar() {
        assertHtmlPageWithServedWebjars("/redoc");
    }

    @Test
    void operationsRoutesCarryARequestId() {
        for (String path : List.of("/health", "/health/live", "/metrics", "/openapi.json", "/docs", "/redoc")) {
            assertEquals("ops-" + path.length(), api.get(path, "X-Request-ID", "ops-" + path.length())
                    .header("X-Request-ID"), path);
        }
    }
}
