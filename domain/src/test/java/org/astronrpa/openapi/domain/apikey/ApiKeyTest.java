package org.astronrpa.openapi.domain.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Instant;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class ApiKeyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ApiKeyHasher HASHER = ApiKeyHasher.withPepper("a pepper of sixteen+");
    private final SecureRandom random = new SecureRandom();

    @Test
    void generatedKeysCarry256BitsInTheirShape() {
        RawApiKey key = RawApiKey.generate(random::nextBytes);
        assertTrue(key.hasValidShape());
        assertEquals(47, key.reveal().length());
        assertNotEquals(key.reveal(), RawApiKey.generate(random::nextBytes).reveal());
        assertFalse(key.toString().contains(key.reveal().substring(12)));
    }

    @Test
    void presentedTextOfAnotherShapeIsRecognisedAsSuch() {
        assertFalse(RawApiKey.presented("rpa_short").hasValidShape());
        assertFalse(RawApiKey.presented(null).hasValidShape());
    }

    @Test
    void theHashIsKeyedAndStable() {
        RawApiKey key = RawApiKey.generate(random::nextBytes);
        assertEquals(HASHER.hash(key), HASHER.hash(RawApiKey.presented(key.reveal())));
        assertNotEquals(HASHER.hash(key), ApiKeyHasher.withPepper("another pepper 16+").hash(key));
        assertEquals(64, HASHER.hash(key).length());
    }

    @Test
    void revokedAndExpiredKeysAreRefusedWithTheirReason() {
        ApiKey key = ApiKey.issue("k", new UserId("u"), new ApiKeyName("ci"), RawApiKey.generate(random::nextBytes), HASHER,
                T0.plusSeconds(60), KeyGrant.FULL, T0);
        assertNull(key.refusal(T0.plusSeconds(59)));
        assertEquals(ApiKeyRejected.Reason.EXPIRED, key.refusal(T0.plusSeconds(60)));
        ApiKey revoked = new ApiKey(key.id(), key.ownerId(), key.name(), key.prefix(), key.hash(), key.createdAt(), null, null, T0);
        assertEquals(ApiKeyRejected.Reason.REVOKED, revoked.refusal(T0));
    }

    @Test
    void useIsRecordedAtMostOncePerMinute() {
        ApiKey key = new ApiKey("k", new UserId("u"), "ci", "rpa_12345678", "h", T0, null, null, null);
        assertTrue(key.shouldRecordUse(T0));
        ApiKey used = new ApiKey("k", new UserId("u"), "ci", "rpa_12345678", "h", T0, T0, null, null);
        assertFalse(used.shouldRecordUse(T0.plusSeconds(59)));
        assertTrue(used.shouldRecordUse(T0.plusSeconds(60)));
        assertEquals("rpa_12345678******************", used.masked());
    }
}
