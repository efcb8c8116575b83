package org.astronrpa.openapi.adapters.schema;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkntSchemaCheckerTest {
    private static final NetworkntSchemaChecker CHECKER = new NetworkntSchemaChecker();

    static final String RPA_PARAMETERS = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "required": ["invoiceFolder", "amount"],
              "properties": {
                "invoiceFolder": {"type": "string", "minLength": 1, "description": "Where the robot reads PDFs"},
                "amount": {"type": "number", "minimum": 0, "maximum": 1.50E+6},
                "currency": {"type": "string", "enum": ["CNY", "EUR", "USD"], "default": "CNY"},
                "dryRun": {"type": "boolean", "default": false},
                "items": {
                  "type": "array",
                  "maxItems": 100,
                  "items": {"$ref": "#/$defs/item"}
                }
              },
              "additionalProperties": false,
              "$defs": {
                "item": {
                  "type": "object",
                  "required": ["sku"],
                  "properties": {"sku": {"type": "string", "pattern": "^[A-Z]{3}-\\\\d+$"}, "qty": {"type": "integer", "default": 1}}
                }
              }
            }
            """;

    @Test
    void aRealisticRpaParametersSchemaIsAcceptedAndKeptAsCompactJson() {
        ParametersSchema schema = CHECKER.check(RPA_PARAMETERS);

        assertTrue(schema.json().startsWith("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\""));
        assertTrue(schema.json().contains("\"default\":\"CNY\""));
        assertTrue(schema.json().contains("\"maximum\":1.50E+6"), "numbers are kept exactly: " + schema.json());
        assertTrue(!schema.json().contains("\n") && !schema.json().contains(": "), schema.json());
    }

    @Test
    void anEmptyObjectIsAValidSchemaThatAcceptsAnything() {
        assertEquals("{}", CHECKER.check(" {\n} ").json());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://json-schema.org/draft-07/schema#",
        "http://json-schema.org/draft-07/schema",
        "https://json-schema.org/draft/2019-09/schema",
        "https://json-schema.org/draft/2020-12/schema",
        "https://json-schema.org/draft/2020-12/schema#"})
    void aSchemaDeclaringASupportedDraftIsAccepted(String draft) {
        String text = "{\"$schema\":\"" + draft + "\",\"type\":\"object\",\"required\":[\"a\"]}";

        assertEquals(text, CHECKER.check(text).json());
    }

    @Test
    void aSchemaWithAnUnknownTypeIsRefusedNamingTheField() {
        InvalidInput refused = refused("{\"type\":\"strin\"}");

        assertEquals(List.of(new FieldError("parameters", "is not a valid JSON Schema: at /type: does not have a value in "
                + "the enumeration [\"array\", \"boolean\", \"integer\", \"null\", \"number\", \"object\", \"string\"]")),
                refused.errors());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            {"type": 5}                                  | /type
            {"properties": []}                           | /properties: array found, object expected
            {"required": "x"}                            | /required: string found, array expected
            {"minLength": -1}                            | /minLength: must have a minimum value of 0
            {"properties": {"a": {"type": "strin"}}}     | /properties/a/type
            {"items": {"enum": "a"}}                     | /items/enum: string found, array expected
            """)
    void aSchemaBreakingTheMetaSchemaIsRefusedSayingWhere(String text, String expected) {
        InvalidInput refused = refused(text);

        assertTrue(refused.errors().getFirst().message().startsWith("is not a valid JSON Schema: at "), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    @Test
    void aSchemaWithManyProblemsReportsOnlyTheFirstFew() {
        InvalidInput refused = refused("{\"type\":1,\"minLength\":-1,\"maxLength\":-1,\"required\":1,\"enum\":1}");

        assertEquals(MetaSchemaProblems.MAX_REPORTED, refused.errors().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            {"type": "string",                 | (line 1, column
            {"type": 'string'}                 | is not valid JSON
            {"type": "string"} trailing        | is not valid JSON
            {"type": "string"} {}              | is not valid JSON
            {"a": 1, /* comment */ "b": 2}     | is not valid JSON
            {"maximum": NaN}                   | is not valid JSON
            """)
    void textThatIsNotOneStrictJsonDocumentIsRefused(String text, String expected) {
        InvalidInput refused = refused(text);

        assertTrue(refused.errors().getFirst().message().startsWith("is not valid JSON: "), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    @Test
    void malformedJsonIsRefusedWithTheLineAndColumnOfTheProblem() {
        InvalidInput refused = refused("{\n  \"type\": \"object\",\n  \"required\": [\"a\",]\n}");

        assertTrue(refused.getMessage().contains("(line 3, column"), refused.getMessage());
    }

    @Test
    void duplicateKeysAreRefusedRatherThanSilentlyPickingOne() {
        InvalidInput refused = refused("{\"type\":\"string\",\"type\":\"number\"}");

        assertTrue(refused.getMessage().contains("Duplicate"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void emptyTextIsRefused(String text) {
        assertEquals("parameters: is not valid JSON: it is empty", refused(text).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"type\":\"string\"}]", "\"string\"", "42", "1.5", "true", "null"})
    void jsonThatIsNotAnObjectIsRefused(String text) {
        assertEquals("parameters: must be a JSON object (a JSON Schema)", refused(text).getMessage());
    }

    @Test
    void textOverTheSizeLimitIsRefusedBeforeItIsParsed() {
        String huge = "{\"description\":\"" + "x".repeat(ParametersSchema.MAX_BYTES) + "\"";

        assertEquals(List.of(new FieldError("parameters", "must be at most 65536 bytes of JSON (got 65553)")),
                refused(huge).errors());
    }

    @Test
    void aRemoteRefIsRefusedAtOnceWithoutTouchingTheNetwork() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String iri = "http://127.0.0.1:" + listener.getLocalPort() + "/x.json";

            InvalidInput refused = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> refused("{\"properties\":{\"a\":{\"$ref\":\"" + iri + "\"}}}"));

            assertEquals(List.of(new FieldError("parameters", "refers to the external schema '" + iri
                    + "'; only references inside this schema (such as #/$defs/name) are supported, nothing is fetched")),
                    refused.errors());
            assertNobodyConnected(listener);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://example.com/x.json",
        "https://example.com/schemas/x.json#/$defs/a",
        "file:///etc/passwd",
        "classpath:draft-07/schema",
        "https://json-schema.org/META-INF/MANIFEST.MF",
        "other.json"})
    void anyReferenceOutsideTheSchemaIsRefusedQuickly(String ref) {
        InvalidInput refused = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> refused("{\"$ref\":\"" + ref + "\"}"));

        assertTrue(refused.getMessage().startsWith("parameters: refers to the external schema '"), refused.getMessage());
    }

    @Test
    void aDynamicRefOutsideTheSchemaIsRefusedEvenThoughItWouldOnlyBeResolvedLater() {
        InvalidInput refused = refused("{\"properties\":{\"p\":{\"$dynamicRef\":\"http://example.com/x#node\"}}}");

        assertTrue(refused.getMessage().startsWith("parameters: refers to the external schema 'http://example.com/x#node'"),
                refused.getMessage());
    }

    @Test
    void aRefToTheBundledMetaSchemaIsAllowedBecauseItIsNotFetched() {
        String text = "{\"properties\":{\"inner\":{\"$ref\":\"https://json-schema.org/draft/2020-12/schema\"}}}";

        assertEquals(text, assertTimeoutPreemptively(Duration.ofSeconds(2), () -> CHECKER.check(text)).json());
    }

    @Test
    void localRefsAndEmbeddedIdsResolveWithoutLoadingAnything() {
        String text = """
                {"$id":"https://rpa.example/params","$defs":{"code":{"$id":"code","type":"string"}},
                 "properties":{"a":{"$ref":"code"},"b":{"$ref":"#/$defs/code"}}}""";

        assertTrue(CHECKER.check(text).json().startsWith("{\"$id\""));
    }

    @Test
    void aLocalRefThatDoesNotResolveIsRefused() {
        InvalidInput refused = refused("{\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}");

        assertTrue(refused.getMessage().startsWith("parameters: has a reference that cannot be resolved"), refused.getMessage());
    }

    @Test
    void anInvalidRegularExpressionIsRefused() {
        InvalidInput refused = refused("{\"properties\":{\"a\":{\"pattern\":\"[A-Z\"}}}");

        assertTrue(refused.getMessage().startsWith("parameters: has an invalid regular expression '[A-Z'"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"http://example.com/my-meta-schema\"",
        "\"http://json-schema.org/draft-04/schema#\"",
        "\"https://json-schema.org/draft/2030-01/schema\"",
        "4",
        "null"})
    void anUnsupportedSchemaDeclarationIsRefusedListingTheSupportedOnes(String declared) {
        InvalidInput refused = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> refused("{\"$schema\":" + declared + ",\"type\":\"object\"}"));

        assertEquals("parameters: $schema " + declared + " is not supported; use one of "
                + "http://json-schema.org/draft-07/schema#, https://json-schema.org/draft/2019-09/schema, "
                + "https://json-schema.org/draft/2020-12/schema or leave it out (2020-12)", refused.getMessage());
    }

    @Test
    void anUnsupportedSchemaDeclarationInsideASubschemaIsRefused() {
        InvalidInput refused = refused("{\"properties\":{\"a\":{\"$schema\":\"http://example.com/meta\"}}}");

        assertTrue(refused.getMessage().contains("http://example.com/meta"), refused.getMessage());
    }

    @Test
    void theDeclaredDraftDecidesWhichKeywordsAreChecked() {
        String dependentRequired = "\"dependentRequired\":{\"a\":\"b\"}";

        refused("{" + dependentRequired + "}");
        CHECKER.check("{\"$schema\":\"http://json-schema.org/draft-07/schema#\"," + dependentRequired + "}");
    }

    @Test
    void nestingUpTo64LevelsIsAccepted() {
        assertEquals(nested(64), CHECKER.check(nested(64)).json());
    }

    @Test
    void nestingDeeperThan64LevelsIsRefused() {
        InvalidInput refused = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> refused(nested(5_000)));

        assertTrue(refused.getMessage().startsWith("parameters: nests deeper than 64 levels"), refused.getMessage());
        assertTrue(refused(nested(65)).getMessage().startsWith("parameters: nests deeper than 64 levels"));
    }

    @Test
    void oneCheckerCanBeSharedByManyThreads() throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> outcomes = IntStream.range(0, 200)
                    .mapToObj(i -> threads.submit(() -> accepts(i % 2 == 0 ? RPA_PARAMETERS : "{\"minLength\":-" + i + "}")))
                    .toList();

            assertAll(IntStream.range(0, 200).mapToObj(i -> () -> assertEquals(i % 2 == 0, outcomes.get(i).get())));
        }
    }

    private static boolean accepts(String text) {
        try {
            CHECKER.check(text);
            return true;
        } catch (InvalidInput e) {
            return false;
        }
    }

    static InvalidInput refused(String text) {
        InvalidInput refused = assertThrows(InvalidInput.class, () -> CHECKER.check(text));
        assertTrue(refused.errors().stream().allMatch(e -> e.field().equals("parameters")), refused.getMessage());
        return refused;
    }

    /** A schema of {@code depth} nested objects: {"items":{"items":…{}…}}. */
    static String nested(int depth) {
        return "{\"items\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private static void assertNobodyConnected(ServerSocket listener) throws IOException {
        listener.setSoTimeout(200);
        assertThrows(SocketTimeoutException.class, listener::accept, "the checker opened a connection");
    }
}
