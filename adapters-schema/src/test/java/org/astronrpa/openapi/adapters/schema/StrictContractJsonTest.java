package org.astronrpa.openapi.adapters.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.astronrpa.openapi.domain.integration.CapabilityClass;
import org.astronrpa.openapi.domain.integration.ContractJson;
import org.astronrpa.openapi.domain.integration.Declaration;
import org.astronrpa.openapi.domain.integration.JsonLimits;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.IntegrationDeclaration;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.junit.jupiter.api.Test;

/** The integration contract's JSON work: declarations, the contract's input schemas, limits, digests. */
class StrictContractJsonTest {
    private final StrictContractJson json = new StrictContractJson();
    private static final ParametersSchema INPUTS = new ParametersSchema("""
            {"type":"object","properties":{"n":{"type":"integer","default":2},
             "key":{"type":"string","format":"password","default":"s3cret","enum":["s3cret"]}}}""");

    @Test
    void aDeclarationIsCanonicalWithDefaultsAndTheInputsHash() {
        IntegrationDeclaration d = json.declare("""
                {"risk":"low","capabilities":["json-data","json-data"],"revision":"r1","capabilityClass":"json-data"}""",
                INPUTS);
        assertTrue(d.json().startsWith("{\"allowed\":true,\"allowedTransports\":[\"mcp\"],\"capabilities\":[\"json-data\"]"),
                d.json());
        Declaration read = json.read(d);
        assertEquals(CapabilityClass.JSON_DATA, read.capabilityClass());
        assertEquals("unknown", read.executionType());
        assertEquals(json.inputSchemaHash(INPUTS), read.inputSchemaHash());
        assertEquals(d, json.declare("{\"revision\":\"r1\",\"capabilityClass\":\"json-data\",\"risk\":\"low\","
                + "\"capabilities\":[\"json-data\"]}", INPUTS), "the same declaration, the same text");
    }

    @Test
    void aBadDeclarationIsRefusedNamingEveryField() {
        InvalidInput refused = assertThrows(InvalidInput.class, () -> json.declare(
                "{\"capabilities\":[],\"risk\":\"huge\",\"fileInputs\":\"no\",\"extra\":1}", null));
        var fields = refused.errors().stream().map(e -> e.field()).toList();
        assertTrue(fields.containsAll(java.util.List.of("integration.extra", "integration.revision",
                "integration.capabilities", "integration.risk", "integration.fileInputs")), fields.toString());
        assertEquals("integration.capabilityClass", assertThrows(InvalidInput.class, () -> json.declare(
                "{\"revision\":\"r\",\"capabilities\":[\"x\"],\"capabilityClass\":\"service-http-read\"}", null))
                .errors().get(0).field());
        assertEquals("integration", assertThrows(InvalidInput.class, () -> json.declare("[1]", null)).errors().get(0)
                .field());
    }

    @Test
    void theContractsInputSchemaHidesSecretsDefaultsAndOnlyItsKeywordsAreExpressible() {
        String schema = json.inputSchema(INPUTS);
        assertFalse(schema.contains("s3cret"), schema);
        assertTrue(schema.contains("\"default\":2"));
        assertTrue(json.expressible(INPUTS));
        assertFalse(json.expressible(new ParametersSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#\"}}}")));
        assertFalse(json.expressible(new ParametersSchema("{\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"email\"}}}")));
        assertTrue(json.expressible(new ParametersSchema("{\"properties\":{\"a\":{\"type\":[\"string\",\"null\"]}}}")));
        assertTrue(json.expressible(null));
    }

    @Test
    void defaultsAreAppliedOnceAndNeverOverAValue() {
        assertEquals("{\"n\":2,\"key\":\"s3cret\"}", json.withDefaults(INPUTS, "{}"));
        assertEquals("{\"n\":7,\"key\":\"s3cret\"}", json.withDefaults(INPUTS, "{\"n\":7}"));
    }

    @Test
    void eachLimitIsFoundAndNamedWithoutTheValue() {
        JsonLimits small = new JsonLimits(100, 3, 2, 2, 5);
        assertTrue(json.overLimits("{\"a\":1}", small).isEmpty());
        assertTrue(json.overLimits("{\"a\":{\"b\":{\"c\":{}}}}", small).orElseThrow().contains("deeper"));
        assertTrue(json.overLimits("{\"a\":1,\"b\":2,\"c\":3}", small).orElseThrow().contains("properties"));
        assertTrue(json.overLimits("[1,2,3]", small).orElseThrow().contains("items"));
        assertTrue(json.overLimits("[\"abcdef\"]", small).orElseThrow().contains("string"));
        assertTrue(json.overLimits("[9007199254740992]", small).orElseThrow().contains("2^53"));
        assertTrue(json.overLimits("\"" + "x".repeat(200) + "\"", small).orElseThrow().contains("bytes"));
        assertTrue(json.overLimits("[\"😀😀😀😀😀\"]", small).isEmpty(), "code points, not UTF-16 units");
    }

    @Test
    void theDigestIsCanonicalAndTellsOmittedFromSent() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("b", new ContractJson.RawJson("{\"y\":1,\"x\":2}"));
        a.put("a", null);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("a", null);
        b.put("b", new ContractJson.RawJson("{\"x\":2,\"y\":1}"));
        assertEquals(json.digest(a), json.digest(b));
        b.put("a", "sent");
        assertNotEquals(json.digest(a), json.digest(b));
        assertEquals(64, json.digest(a).length());
    }

    @Test
    void aResultFitsTheLimitsAndTheDeclaredOutputSchema() {
        String schema = "{\"type\":\"object\",\"properties\":{\"total\":{\"type\":\"integer\"}},\"required\":[\"total\"]}";
        assertTrue(json.resultFits("{\"total\":3}", schema, JsonLimits.CONTRACT));
        assertFalse(json.resultFits("{\"sum\":3}", schema, JsonLimits.CONTRACT));
        assertTrue(json.resultFits("{\"sum\":3}", null, JsonLimits.CONTRACT));
        assertTrue(json.supportedOutputSchema(schema));
        assertFalse(json.supportedOutputSchema("{\"oneOf\":[{\"type\":\"string\"}]}"));
    }
}
