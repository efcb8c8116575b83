package org.astronrpa.openapi.domain.apikey;

import java.util.Base64;
import java.util.regex.Pattern;
import org.astronrpa.openapi.domain.shared.RandomSource;

/**
 * The secret a caller presents: {@code rpa_} + 43 base64url characters (256 random bits).
 * {@link #toString()} shows only the prefix, so the secret cannot reach a log by accident.
 */
public final class RawApiKey {
    public static final String MARKER = "rpa_";
    public static final int RANDOM_BYTES = 32;
    public static final int PREFIX_LENGTH = 12;
    private static final Pattern SHAPE = Pattern.compile("^rpa_[A-Za-z0-9_-]{43}$");

    private final String secret;

    private RawApiKey(String secret) {
        this.secret = secret;
    }

    public static RawApiKey generate(RandomSource random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.fill(bytes);
        return new RawApiKey(MARKER + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** A presented key; any text is accepted here, {@link #hasValidShape()} tells whether it can be ours. */
    public static RawApiKey presented(String text) {
        return new RawApiKey(text == null ? "" : text.strip());
    }

    public boolean hasValidShape() {
        return SHAPE.matcher(secret).matches();
    }

    /** The full secret: for hashing, and for the one answer that hands it to its owner. */
    public String reveal() {
        return secret;
    }

    /** The first characters, kept in clear to let people tell their keys apart. */
    public String prefix() {
        return secret.substring(0, Math.min(PREFIX_LENGTH, secret.length()));
    }

    @Override
    public String toString() {
        return prefix() + "…";
    }
}
