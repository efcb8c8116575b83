package org.astronrpa.openapi.bootstrap.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactionTest {
    private static final String KEY = "rpa_5Tg4u4u3Lx7fp2snnHRifFuXi-gUDdc97S0VUdgvNe4";

    @Test
    void anApiKeyKeepsOnlyItsFirstCharacters() {
        assertEquals("key rpa_5Tg4*** used", Redaction.apply("key " + KEY + " used"));
    }

    @Test
    void bearerTokensAndSecretHeadersAreMasked() {
        assertEquals("Authorization: ***", Redaction.apply("Authorization: Bearer abcdefghijkl"));
        assertEquals("sent bearer *** twice", Redaction.apply("sent bearer abc.def-ghi_jkl twice"));
        assertEquals("{\"x-api-key\":\"***\"}", Redaction.apply("{\"x-api-key\":\"whatever-secret\"}"));
        assertEquals("X-Gateway-Secret=*** ok", Redaction.apply("X-Gateway-Secret=s3cr3t ok"));
    }

    @Test
    void keyQueryParametersAreMasked() {
        assertEquals("GET /mcp?key=***&x=1", Redaction.apply("GET /mcp?key=anything&x=1"));
        assertEquals("GET /a?b=1&api_key=***", Redaction.apply("GET /a?b=1&api_key=zzz"));
    }

    @Test
    void theQuickLookLetsNoSecretThroughWhateverItsCase() {
        assertEquals("GET /a?TOKEN=***", Redaction.apply("GET /a?TOKEN=zzz"));
        assertEquals("GET /a?Api_Key=***", Redaction.apply("GET /a?Api_Key=zzz"));
        assertEquals("AUTHORIZATION=***", Redaction.apply("AUTHORIZATION=Basic dXNlcjpwYXNz"));
        assertEquals("x-API-key: ***", Redaction.apply("x-API-key: abc"));
        assertEquals("BEARER ***", Redaction.apply("BEARER abcdefghijkl"));
        assertEquals("[rpa_5Tg4***]", Redaction.apply("[" + KEY + "]"));
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        assertEquals("GET /workflows/p-1 -> 200 in 1.2 ms", Redaction.apply("GET /workflows/p-1 -> 200 in 1.2 ms"));
        assertEquals("rpa_short", Redaction.apply("rpa_short"));
    }
}
