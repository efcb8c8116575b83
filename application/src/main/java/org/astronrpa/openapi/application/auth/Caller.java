package org.astronrpa.openapi.application.auth;

import java.time.Instant;
import java.util.Objects;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.apikey.MissingScope;
import org.astronrpa.openapi.domain.apikey.Scope;
import org.astronrpa.openapi.domain.shared.UserId;

/**
 * Who is calling, and how they proved it; {@code apiKeyId} is set only for {@link Method#API_KEY}, and
 * {@code keyExpiresAt} when that key expires ({@code null}: never), so that a connection opened with the key
 * can be closed when it does. {@code grant} is what the key may do ({@link KeyGrant#FULL} for the gateway's user and
 * keys issued before scopes); {@code address} where the request came from, when known; {@code keyPrefix} the key's
 * displayed prefix (what its owner sees in the key list: the audit log names the key by it).
 */
public record Caller(UserId userId, Method method, String apiKeyId, Instant keyExpiresAt,
                     org.astronrpa.openapi.domain.robot.RobotId robot, KeyGrant grant, String address,
                     String keyPrefix) {
    /** How the caller was authenticated: {@code ROBOT} is a robot credential, which opens {@code /ws} as {@code robot}. */
    public enum Method { GATEWAY, API_KEY, ROBOT }

    public Caller {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(method, "method");
        if ((method == Method.ROBOT) != (robot != null)) {
            throw new IllegalArgumentException("a robot credential, and only it, names its robot");
        }
        Objects.requireNonNull(grant, "grant");
    }

    /** Without a key prefix to show. */
    public Caller(UserId userId, Method method, String apiKeyId, Instant keyExpiresAt,
                  org.astronrpa.openapi.domain.robot.RobotId robot, KeyGrant grant, String address) {
        this(userId, method, apiKeyId, keyExpiresAt, robot, grant, address, null);
    }

    /** With full power, from an unknown address. */
    public Caller(UserId userId, Method method, String apiKeyId, Instant keyExpiresAt) {
        this(userId, method, apiKeyId, keyExpiresAt, null, KeyGrant.FULL, null);
    }

    /**
     * The user {@code user} acting with full power: what the gateway's user header proves, and what a program that
     * embeds the service, or the service itself on a user's behalf, acts as.
     */
    public static Caller asUser(UserId user) {
        return new Caller(user, Method.GATEWAY, null);
    }

    /** The managed robot {@code robot} of {@code owner}, let in by its credential. */
    public static Caller robot(UserId owner, org.astronrpa.openapi.domain.robot.RobotId robot) {
        return new Caller(owner, Method.ROBOT, null, null, robot, KeyGrant.FULL, null);
    }

    /**
     * @throws MissingScope unless the caller may do what needs {@code scope}: the gateway's user may do everything
     *                      its own, a key what its grant holds
     */
    public Caller require(Scope scope) {
        grant.require(scope);
        return this;
    }

    /** A caller whose key never expires, or who came without a key. */
    public Caller(UserId userId, Method method, String apiKeyId) {
        this(userId, method, apiKeyId, null);
    }

    /** Key management must come through the trusted gateway: a leaked key must not mint keys. */
    public Caller requireGateway() {
        if (method != Method.GATEWAY) {
            throw new Forbidden("API keys cannot manage API keys; use the console (the trusted user header)");
        }
        return this;
    }
}
