package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.astronrpa.openapi.adapters.http.TestApi.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** HEAD answers what GET would — status and headers, authentication and existence included — without a body. */
class HeadRequestsHttpTest {
    private static TestApi api;
    private static String key;

    @BeforeAll
    static void start() {
        api = new TestApi();
        api.post("/workflows/upsert", "{\"project_id\":\"head-1\",\"name\":\"Head\"}", as("alice"));
        key = api.keyFor("alice");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** Every GET route of openapi.json (path parameters filled in), as no one, as alice, and where nothing is. */
    static Stream<Arguments> getRoutes() {
        return OpenApiContract.INSTANCE.operations().stream().filter(op -> op.startsWith("GET ")).flatMap(op -> {
            String template = op.substring(4);
            String existing = template.replace("{project_id}", "head-1").replace("{id}", "missing-1")
                    .replaceAll("\\{[a-z_]+}", "missing-2");   // any other parameter (a delivery's id)
            String missing = template.replace("{project_id}", "absent").replace("{id}", "absent")
                    .replaceAll("\\{[a-z_]+}", "absent");
            return Stream.of(
                    Arguments.of(existing, new String[0]),
                    Arguments.of(existing, as("alice")),
                    Arguments.of(missing, new String[] {"Authorization", "Bearer " + key}),
                    Arguments.of(existing + "?pageNo=0", as("alice")));
        });
    }

    @ParameterizedTest(name = "HEAD {0} {1}")
    @MethodSource("getRoutes")
    void headAnswersWhatGetWouldWithoutABody(String path, String[] headers) {
        Answer get = api.send(api.request("GET", path, null, headers));
        Answer head = api.send(api.request("HEAD", path, null, headers));
        assertAll(path + " GET " + get.status() + " " + get.raw().body(),
                () -> assertEquals(get.status(), head.status(), "status"),
                () -> assertEquals(get.header("Content-Type"), head.header("Content-Type"), "Content-Type"),
                () -> assertEquals(get.header("WWW-Authenticate"), head.header("WWW-Authenticate"), "WWW-Authenticate"),
                () -> assertEquals(get.header("Allow"), head.header("Allow"), "Allow"),
                () -> assertNotNull(head.header("X-Request-ID"), "X-Request-ID"),
                () -> assertTrue(head.raw().body().isEmpty(), "HEAD has no body"));
    }
}
