package org.astronrpa.openapi.domain.webhook;

import java.util.Base64;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.RandomSource;

/**
 * The secret a receiver verifies signatures with: {@code whsec_} and 32 random bytes (base64url). Made by the service,
 * shown once; never printed ({@link #toString()} hides it).
 */
public record SigningSecret(String value) {
    static final String PREFIX = "whsec_";

    public SigningSecret {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith(PREFIX) || value.length() < PREFIX.length() + 16) {
            throw new IllegalArgumentException("not a signing secret");
        }
    }

    /** A new secret from {@code random}. */
    public static SigningSecret generate(RandomSource random) {
        byte[] bytes = new byte[32];
        random.fill(bytes);
        return new SigningSecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Override
    public String toString() {
        return PREFIX + "…";
    }
}
