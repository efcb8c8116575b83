package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.ErrorEnvelopeHttpTest.assertProblem;
import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.astronrpa.openapi.adapters.http.TestApi.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input never makes a 500: malformed bodies are 400, oversized ones 413, and every field that breaks a
 * rule is named in a 422 (API.md §1, §2).
 */
class BadInputHttpTest {
    private static final String USER = "u-bad";
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static Answer upsert(String body) {
        return api.post("/workflows/upsert", body, as(USER));
    }

    private static Answer upsertBytes(byte[] body) {
        return api.send(api.request("POST", "/workflows/upsert", null, as(USER))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    /** A valid create, with {@code field} set to the raw JSON {@code value}. */
    private static String createWith(String field, String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("project_id", quoted("bad-ok"));
        fields.put("name", quoted("Fine"));
        fields.put(field, value);
        StringJoiner body = new StringJoiner(", ", "{", "}");
        fields.forEach((name, raw) -> body.add(quoted(name) + ": " + raw));
        return body.toString();
    }

    /** A valid create of exactly {@code bytes} bytes, padded by an unknown field. */
    private static byte[] bodyOf(int bytes, String projectId) {
        String head = "{\"project_id\": \"" + projectId + "\", \"name\": \"Big\", \"padding\": \"";
        String tail = "\"}";
        return (head + "x".repeat(bytes - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    // --- malformed bodies: 400 ---

    @Test
    void malformedJsonIsABadRequest() {
        assertProblem(upsert("{\"project_id\": \"p\", \"name\": "), 400, "bad_request");
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        assertProblem(upsert(""), 400, "bad_request");
    }

    @Test
    void aBlankBodyIsABadRequest() {
        assertProblem(upsert("  \n "), 400, "bad_request");
    }

    @Test
    void trailingGarbageAfterTheObjectIsABadRequest() {
        assertProblem(upsert("{\"project_id\": \"p\", \"name\": \"n\"} trailing"), 400, "bad_request");
    }

    @Test
    void aSecondObjectAfterTheFirstIsABadRequest() {
        assertProblem(upsert("{\"project_id\": \"p\", \"name\": \"n\"}{}"), 400, "bad_request");
    }

    @Test
    void duplicateKeysAreABadRequest() {
        assertProblem(upsert("{\"project_id\": \"p\", \"name\": \"a\", \"name\": \"b\"}"), 400, "bad_request");
    }

    @Test
    void invalidUtf8BytesAreABadRequest() {
        byte[] head = "{\"project_id\": \"utf8\", \"name\": \"".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
        byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bad, 0, body, head.length, bad.length);
        System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);

        assertProblem(upsertBytes(body), 400, "bad_request");
        assertEquals(404, api.get("/workflows/utf8", as(USER)).status());
    }

    @Test
    void jsonNestedTooDeeplyIsABadRequest() {
        assertProblem(upsert("{\"project_id\": \"deep\", \"name\": \"n\", \"x\": " + "[".repeat(5000)
                + "]".repeat(5000) + "}"), 400, "bad_request");
    }

    @Test
    void aJsonCommentIsABadRequest() {
        assertProblem(upsert("{\"project_id\": \"p\", /* note */ \"name\": \"n\"}"), 400, "bad_request");
    }

    // --- bodies that are JSON but not an object: 422 ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "[{\"project_id\": \"p\", \"name\": \"n\"}]", "\"text\"", "42", "null"})
    void aBodyThatIsNotAJsonObjectIsRefused(String body) {
        assertProblem(upsert(body), 422, "validation", "body");
    }

    // --- oversized bodies: 413 ---

    @Test
    void aBodyOverOneMebibyteWithAContentLengthIsTooLarge() {
        assertProblem(upsertBytes(bodyOf(HttpSettings.MAX_BODY_BYTES + 1, "too-big")), 413, "payload_too_large");
        assertEquals(404, api.get("/workflows/too-big", as(USER)).status());
    }

    @Test
    void aChunkedBodyOverOneMebibyteIsTooLarge() {
        byte[] body = bodyOf(2 * HttpSettings.MAX_BODY_BYTES, "too-big-chunked");

        Answer answer = api.send(api.request("POST", "/workflows/upsert", null, as(USER))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertProblem(answer, 413, "payload_too_large");
        assertEquals(404, api.get("/workflows/too-big-chunked", as(USER)).status());
    }

    @Test
    void aBodyOfExactlyOneMebibyteIsAccepted() {
        Answer answer = upsertBytes(bodyOf(HttpSettings.MAX_BODY_BYTES, "just-fits"));

        assertEquals(201, answer.status(), answer.raw().body());
    }

    @Test
    void aChunkedBodyWithinTheLimitIsAccepted() {
        byte[] first = "{\"project_id\": \"chunked-ok\", ".getBytes(StandardCharsets.UTF_8);
        byte[] second = "\"name\": \"Chunked\"}".getBytes(StandardCharsets.UTF_8);

        Answer answer = api.send(api.request("POST", "/workflows/upsert", null, as(USER))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        new ByteArrayInputStream(first), new ByteArrayInputStream(second)))));

        assertEquals(201, answer.status(), answer.raw().body());
    }

    // --- fields of the wrong JSON type: 422 naming the field ---

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("name", "5"),
                Arguments.of("name", "true"),
                Arguments.of("name", "[\"n\"]"),
                Arguments.of("english_name", "{}"),
                Arguments.of("description", "1.5"),
                Arguments.of("version", "1"),
                Arguments.of("status", "\"1\""),
                Arguments.of("status", "1.5"),
                Arguments.of("status", "true"),
                Arguments.of("status", "99999999999999999999999"),
                Arguments.of("project_id", "true"),
                Arguments.of("project_id", "1.5"),
                Arguments.of("project_id", "{\"id\": 1}"),
                Arguments.of("parameters", "[1]"),
                Arguments.of("parameters", "5"),
                Arguments.of("parameters", "true"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("wrongTypes")
    void aFieldOfTheWrongJsonTypeIsNamed(String field, String value) {
        assertProblem(upsert(createWith(field, value)), 422, "validation", field);
    }

    // --- missing, empty and over-long fields: 422 naming the field ---

    @Test
    void aMissingProjectIdIsNamed() {
        assertProblem(upsert("{\"name\": \"No id\"}"), 422, "validation", "project_id");
    }

    @Test
    void aNullProjectIdIsNamed() {
        assertProblem(upsert("{\"project_id\": null, \"name\": \"No id\"}"), 422, "validation", "project_id");
    }

    @Test
    void aMissingNameOnCreateIsNamed() {
        assertProblem(upsert("{\"project_id\": \"nameless\"}"), 422, "validation", "name");
        assertEquals(404, api.get("/workflows/nameless", as(USER)).status());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("name", quoted("")),
                Arguments.of("name", quoted("   ")),
                Arguments.of("name", quoted("n".repeat(101))),
                Arguments.of("name", quoted("tab\\u0000null")),
                Arguments.of("project_id", quoted("")),
                Arguments.of("project_id", quoted("p".repeat(101))),
                Arguments.of("english_name", quoted("e".repeat(101))),
                Arguments.of("version", quoted("")),
                Arguments.of("version", quoted("1".repeat(21))),
                Arguments.of("description", quoted("d".repeat(501))),
                Arguments.of("status", "2"),
                Arguments.of("status", "-1"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badValues")
    void aFieldBreakingItsRuleIsNamed(String field, String value) {
        assertProblem(upsert(createWith(field, value)), 422, "validation", field);
    }

    @Test
    void everyFieldAtItsLongestIsAccepted() {
        String projectId = "p".repeat(100);

        Answer answer = upsert("{\"project_id\": \"" + projectId + "\", \"name\": \"" + "n".repeat(100)
                + "\", \"english_name\": \"" + "e".repeat(100) + "\", \"description\": \"" + "d".repeat(500)
                + "\", \"version\": \"" + "1".repeat(20) + "\"}");

        assertEquals(201, answer.status(), answer.raw().body());
    }

    @Test
    void lengthsCountCharactersNotBytesOrUtf16Units() {
        Answer answer = upsert("{\"project_id\": \"emoji-1\", \"name\": \"" + "😀".repeat(100) + "\"}");

        assertEquals(201, answer.status(), answer.raw().body());
        assertProblem(upsert("{\"project_id\": \"emoji-2\", \"name\": \"" + "😀".repeat(101) + "\"}"), 422,
                "validation", "name");
    }

    @Test
    void anUpdateWithABadFieldChangesNothing() {
        assertEquals(201, upsert("{\"project_id\": \"unchanged\", \"name\": \"Before\"}").status());

        assertProblem(upsert("{\"project_id\": \"unchanged\", \"name\": \"After\", \"version\": \"\"}"), 422,
                "validation", "version");

        assertEquals("Before", api.get("/workflows/unchanged", as(USER)).json().get("data").get("workflow")
                .get("name").asString());
    }

    // --- parameters: 422 naming parameters ---

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("a string that is not JSON", quoted("{oops")),
                Arguments.of("a string holding an array", quoted("[1]")),
                Arguments.of("an empty string", quoted("")),
                Arguments.of("a string with trailing content", quoted("{} {}")),
                Arguments.of("a string with duplicate keys", quoted("{\\\"type\\\": \\\"object\\\", \\\"type\\\": \\\"string\\\"}")),
                Arguments.of("an invalid schema", "{\"type\": \"strin\"}"),
                Arguments.of("an invalid schema in a string", quoted("{\\\"type\\\": \\\"strin\\\"}")),
                Arguments.of("an invalid nested schema", "{\"type\": \"object\", \"properties\": {\"a\": {\"minLength\": -1}}}"),
                Arguments.of("an unsupported draft", "{\"$schema\": \"http://json-schema.org/draft-04/schema#\"}"),
                Arguments.of("an external reference", "{\"$ref\": \"https://example.com/schema.json\"}"),
                Arguments.of("an invalid pattern", "{\"type\": \"string\", \"pattern\": \"(\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badParametersAreNamed(String situation, String value) {
        assertProblem(upsert(createWith("parameters", value)), 422, "validation", "parameters");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema",
            "https://json-schema.org/draft/2020-12/schema"})
    void parametersDeclaringASupportedDraftAreAccepted(String draft) {
        Answer answer = upsert("{\"project_id\": \"draft-" + Math.abs(draft.hashCode()) + "\", \"name\": \"n\","
                + " \"parameters\": {\"$schema\": \"" + draft + "\", \"type\": \"object\"}}");

        assertEquals(201, answer.status(), answer.raw().body());
    }

    @Test
    void parametersWithAnInternalReferenceAreAccepted() {
        Answer answer = upsert("""
                {"project_id": "internal-ref", "name": "n", "parameters": {"type": "object",
                 "properties": {"to": {"$ref": "#/$defs/address"}}, "$defs": {"address": {"type": "string"}}}}""");

        assertEquals(201, answer.status(), answer.raw().body());
    }

    @Test
    void parametersOver64KibAreNamed() {
        String big = "{\"type\": \"object\", \"description\": \"" + "x".repeat(64 * 1024) + "\"}";

        assertProblem(upsert(createWith("parameters", big)), 422, "validation", "parameters");
    }

    @Test
    void parametersOver64KibInAStringAreNamed() {
        String big = quoted("{\\\"type\\\": \\\"object\\\", \\\"description\\\": \\\"" + "x".repeat(64 * 1024) + "\\\"}");

        assertProblem(upsert(createWith("parameters", big)), 422, "validation", "parameters");
    }

    @Test
    void parametersJustUnder64KibAreAccepted() {
        String head = "{\"type\":\"object\",\"description\":\"";
        String big = head + "x".repeat(64 * 1024 - head.length() - 2) + "\"}";

        Answer answer = api.post("/workflows/upsert", "{\"project_id\": \"params-64k\", \"name\": \"n\", \"parameters\": "
                + big + "}", as(USER));

        assertEquals(201, answer.status(), answer.raw().body());
    }

    // --- several bad fields: all named ---

    @Test
    void severalFieldsBreakingTheirRulesAreAllNamed() {
        assertProblem(upsert("{\"project_id\": \"" + "p".repeat(101) + "\", \"name\": \"\", \"english_name\": \""
                        + "e".repeat(101) + "\", \"description\": \"" + "d".repeat(501) + "\", \"version\": \"\", \"status\": 2}"),
                422, "validation", "project_id", "name", "english_name", "description", "version", "status");
    }

    @Test
    void severalFieldsOfTheWrongTypeAreAllNamed() {
        assertProblem(upsert("{\"project_id\": true, \"name\": 5, \"english_name\": [], \"description\": {},"
                        + " \"version\": 1, \"status\": \"1\", \"parameters\": 5}"),
                422, "validation", "project_id", "name", "english_name", "description", "version", "status", "parameters");
    }

    // --- unknown fields: ignored ---

    @Test
    void unknownFieldsAreIgnored() {
        Answer answer = upsert("{\"project_id\": \"unknown-fields\", \"name\": \"n\", \"colour\": \"blue\","
                + " \"nested\": {\"a\": [1, 2]}, \"user_id\": \"someone-else\"}");

        assertEquals(201, answer.status(), answer.raw().body());
        assertFalse(answer.raw().body().contains("colour"), answer.raw().body());
        assertEquals(USER, answer.json().get("data").get("workflow").get("user_id").asString());
    }

    // --- query parameters: 422 naming them ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pageSize=0", "pageSize=101", "pageSize=-5", "pageSize=ten", "pageNo=0", "pageNo=-1",
            "pageNo=first", "pageNo=99999999999", "status=2", "status=active"})
    void aBadListQueryIsNamed(String query) {
        String field = query.substring(0, query.indexOf('='));

        assertProblem(api.get("/workflows?" + query, as(USER)), 422, "validation", field);
    }

    @Test
    void bothBadPagingParametersAreNamed() {
        assertProblem(api.get("/workflows?pageNo=0&pageSize=101", as(USER)), 422, "validation", "pageNo", "pageSize");
    }

    @Test
    void theLargestPageIsAccepted() {
        assertEquals(200, api.get("/workflows?pageNo=1&pageSize=100", as(USER)).status());
    }

    @Test
    void anOverLongQueryIsNamed() {
        assertProblem(api.get("/workflows?q=" + "q".repeat(101), as(USER)), 422, "validation", "q");
    }

    // --- routes and methods ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/nothing-here", "/workflows/a/b", "/api-keys/a/b", "/health/dead"})
    void anUnknownRouteIsNotFoundInTheEnvelope(String path) {
        assertProblem(api.get(path, as(USER)), 404, "not_found");
    }

    @Test
    void putOnUpsertIsMethodNotAllowedInTheEnvelope() {
        assertProblem(api.send(api.request("PUT", "/workflows/upsert", "{}", as(USER))), 405, "bad_request");
    }

    @Test
    void deleteOnTheWorkflowListIsMethodNotAllowedInTheEnvelope() {
        assertProblem(api.delete("/workflows", as(USER)), 405, "bad_request");
    }

    @Test
    void postOnHealthIsMethodNotAllowedInTheEnvelope() {
        assertProblem(api.post("/health", "{}"), 405, "bad_request");
    }
}
