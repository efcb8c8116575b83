package org.astronrpa.openapi.domain.apikey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-way, keyed hash of API keys (HMAC-SHA256 with a server-side pepper). Keys carry 256 random bits,
 * so a fast hash cannot be brute-forced, and a database leak without the pepper does not even allow a check.
 */
public final class ApiKeyHasher {
    private final SecretKeySpec pepper;

    public ApiKeyHasher(byte[] pepper) {
        if (pepper.length < 16) {
            throw new IllegalArgumentException("the API key pepper needs at least 16 bytes");
        }
        this.pepper = new SecretKeySpec(pepper.clone(), "HmacSHA256");
    }

    public static ApiKeyHasher withPepper(String pepper) {
        return new ApiKeyHasher(pepper.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A secret of 32 bytes for another use of the same server-side secret (signing list cursors): distinct per
     * {@code purpose}, and revealing nothing of the pepper or of the key hashes.
     */
    public byte[] derivedSecret(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return mac.doFinal(("derived secret: " + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** 64 lowercase hex characters. */
    public String hash(RawApiKey key) {
        return hash(key.reveal());
    }

    /** 64 lowercase hex characters: the hash of another secret of 256 random bits (robot credentials, tokens). */
    public String hash(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
