package org.astronrpa.openapi.domain.shared;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets the service must use again (webhook signing secrets), so that a copy of the database alone does not
 * give them away: AES-256-GCM under a key derived from the service's own secret (the API key pepper) for one
 * purpose, a fresh 96-bit nonce each time. Sealed text is {@code v1.<base64url(nonce ‖ ciphertext ‖ tag)>}.
 */
public final class SecretBox {
    private static final String PREFIX = "v1.";
    private final SecretKeySpec key;
    private final RandomSource random;

    private SecretBox(byte[] key, RandomSource random) {
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
    }

    /** The box for {@code purpose}, its key derived from {@code serviceSecret} (HMAC-SHA256 of the purpose). */
    public static SecretBox derived(String serviceSecret, String purpose, RandomSource random) {
        Objects.requireNonNull(serviceSecret, "serviceSecret");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(serviceSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new SecretBox(mac.doFinal(("rpa-openapi/" + purpose).getBytes(StandardCharsets.UTF_8)), random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public String seal(String plain) {
        byte[] nonce = new byte[12];
        random.fill(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * The secret sealed in {@code sealed}.
     *
     * @throws IllegalStateException when it was not sealed by this box (another service secret, or damaged)
     */
    public String open(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("not a sealed secret");
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed secret cannot be opened: sealed under another API_KEY_PEPPER, "
                    + "or damaged", e);
        }
    }
}
