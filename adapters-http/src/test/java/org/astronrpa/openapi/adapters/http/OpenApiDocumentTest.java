package org.astronrpa.openapi.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** openapi.json and the server agree: every route documented, nothing documented that is not served. */
class OpenApiDocumentTest {
    /** Served on purpose without documentation: the Swagger UI's own script. */
    private static final List<String> UNDOCUMENTED = List.of("GET /docs/init.js", "GET " + WebjarAssets.ROUTE);
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
        TreeSet<String> served = new TreeSet<>(api.routes());
        served.removeAll(UNDOCUMENTED);
        assertEquals(served, new TreeSet<>(OpenApiContract.INSTANCE.operations()));
    }

    @Test
    void theDocumentIsOpenApi31AndServedAsIs() {
        var answer = api.get("/openapi.json");
        assertEquals(200, answer.status());
        assertEquals(OpenApiContract.INSTANCE.document(), answer.json());
        assertTrue(answer.json().get("openapi").asString().startsWith("3.1"));
    }

    @Test
    void theOracleRejectsABodyThatBreaksTheDocumentedSchema() {
        assertThrows(AssertionError.class, () -> OpenApiContract.INSTANCE.check("GET", "/workflows/p-1", 200,
                "application/json", "{\"code\":\"0000\",\"msg\":\"\",\"data\":{\"workflow\":{\"name\":5}}}"));
        assertThrows(AssertionError.class, () -> OpenApiContract.INSTANCE.check("GET", "/workflows/p-1", 418,
                "application/json", "{}"));
    }

    @Test
    void concretePathsFallUnderTheMostLiteralTemplate() {
        assertEquals("/workflows/get", OpenApiContract.INSTANCE.templateOf("/workflows/get"));
        assertEquals("/workflows/{project_id}", OpenApiContract.INSTANCE.templateOf("/workflows/p-9"));
        assertEquals("/workflows/get/{project_id}", OpenApiContract.INSTANCE.templateOf("/workflows/get/p-9"));
    }
}
