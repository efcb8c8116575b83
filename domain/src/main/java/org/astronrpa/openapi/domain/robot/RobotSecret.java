package org.astronrpa.openapi.domain.robot;

import java.util.Base64;
import java.util.regex.Pattern;
import org.astronrpa.openapi.domain.shared.RandomSource;

/**
 * A secret of a managed robot, 256 random bits like an API key: a one-time enrollment token ({@code rpae_…}) or a robot
 * credential ({@code rpar_…}), which connects that robot and nothing else. Stored only as a keyed hash;
 * {@link #toString()} shows only the prefix, so the secret cannot reach a log by accident.
 */
public final class RobotSecret {
    public static final int RANDOM_BYTES = 32;
    public static final int PREFIX_LENGTH = 13;

    /** What a secret is for, told by its marker. */
    public enum Kind {
        ENROLLMENT("rpae_"), CREDENTIAL("rpar_");

        private final String marker;
        private final Pattern shape;

        Kind(String marker) {
            this.marker = marker;
            this.shape = Pattern.compile("^" + marker + "[A-Za-z0-9_-]{43}$");
        }

        public String marker() {
            return marker;
        }
    }

    private final String secret;

    private RobotSecret(String secret) {
        this.secret = secret;
    }

    public static RobotSecret generate(RandomSource random, Kind kind) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.fill(bytes);
        return new RobotSecret(kind.marker + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** A presented secret; any text is accepted here, {@link #is(Kind)} tells whether it can be one of ours. */
    public static RobotSecret presented(String text) {
        return new RobotSecret(text == null ? "" : text.strip());
    }

    /** Whether the text starts as a robot credential does (and so is not an API key), whatever else it holds. */
    public static boolean looksLikeCredential(String text) {
        return text != null && text.strip().startsWith(Kind.CREDENTIAL.marker);
    }

    public boolean is(Kind kind) {
        return kind.shape.matcher(secret).matches();
    }

    /** The full secret: for hashing, and for the one answer that hands it out. */
    public String reveal() {
        return secret;
    }

    /** The first characters, kept in clear to tell credentials apart. */
    public String prefix() {
        return secret.substring(0, Math.min(PREFIX_LENGTH, secret.length()));
    }

    @Override
    public String toString() {
        return prefix() + "…";
    }
}
