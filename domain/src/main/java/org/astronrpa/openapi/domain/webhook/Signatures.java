package org.astronrpa.openapi.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery is signed: {@code v1=} and the hex HMAC-SHA256, under a signing secret, of
 * {@code "<timestamp>.<body>"} (the timestamp in Unix seconds, as sent in {@code X-Rpa-Timestamp}). While a rotated
 * secret still overlaps, both sign: the header lists {@code v1=} twice, the newer first, and a receiver accepts the
 * delivery when any one verifies.
 */
public final class Signatures {
    public static final String VERSION = "v1";

    private Signatures() {
    }

    /** The {@code X-Rpa-Signature} header's value under each of {@code secrets}, in their order. */
    public static String header(List<SigningSecret> secrets, long timestamp, String body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no secret to sign with");
        }
        return secrets.stream().map(secret -> VERSION + "=" + hex(secret, timestamp, body))
                .collect(Collectors.joining(", "));
    }

    /** Whether one of the header's {@code v1} signatures is that of {@code secret} (compared in constant time). */
    public static boolean verifies(SigningSecret secret, long timestamp, String body, String header) {
        if (header == null) {
            return false;
        }
        byte[] expected = hex(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean found = false;
        for (String part : header.split(",")) {
            String trimmed = part.trim();
            if (trimmed.startsWith(VERSION + "=")) {
                byte[] given = trimmed.substring(VERSION.length() + 1).getBytes(StandardCharsets.US_ASCII);
                found |= MessageDigest.isEqual(expected, given);
            }
        }
        return found;
    }

    private static String hex(SigningSecret secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
