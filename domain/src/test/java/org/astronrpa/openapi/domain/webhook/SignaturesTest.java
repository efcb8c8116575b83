package org.astronrpa.openapi.domain.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignaturesTest {
    private static final SigningSecret NEW = new SigningSecret("whsec_new-secret-0123456789");
    private static final SigningSecret OLD = new SigningSecret("whsec_old-secret-0123456789");

    @Test
    void theSignatureIsTheHexHmacOfTimestampDotBody() {
        // computed independently: printf '1765101600.{"a":1}' | openssl dgst -sha256 -hmac whsec_new-secret-0123456789
        String header = Signatures.header(List.of(NEW), 1765101600L, "{\"a\":1}");
        assertEquals("v1=1081e64d243915beb754261d45adb67430e71389a4c57bcd093d5a34f11a99d0", header);
        assertTrue(Signatures.verifies(NEW, 1765101600L, "{\"a\":1}", header));
    }

    @Test
    void anyChangeOfTimestampBodyOrSecretFailsVerification() {
        String header = Signatures.header(List.of(NEW), 1765101600L, "{\"a\":1}");
        assertFalse(Signatures.verifies(NEW, 1765101601L, "{\"a\":1}", header));
        assertFalse(Signatures.verifies(NEW, 1765101600L, "{\"a\":2}", header));
        assertFalse(Signatures.verifies(OLD, 1765101600L, "{\"a\":1}", header));
        assertFalse(Signatures.verifies(NEW, 1765101600L, "{\"a\":1}", null));
        assertFalse(Signatures.verifies(NEW, 1765101600L, "{\"a\":1}", "v0=" + header.substring(3)));
    }

    @Test
    void duringAnOverlapBothSecretsSignAndEitherVerifies() {
        String header = Signatures.header(List.of(NEW, OLD), 42L, "body");
        assertTrue(header.matches("v1=[0-9a-f]{64}, v1=[0-9a-f]{64}"), header);
        assertTrue(Signatures.verifies(NEW, 42L, "body", header));
        assertTrue(Signatures.verifies(OLD, 42L, "body", header));
    }

    @Test
    void aSecretNeverPrintsItself() {
        assertFalse(NEW.toString().contains("new-secret"));
    }
}
