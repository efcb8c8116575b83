package org.astronrpa.openapi.domain.apikey;

import org.astronrpa.openapi.domain.shared.Unauthorized;

/** A presented API key that does not authenticate anybody. */
public final class ApiKeyRejected extends Unauthorized {
    /** Why; callers are told only that the key is not valid, logs get the reason. */
    public enum Reason { MALFORMED, UNKNOWN, REVOKED, EXPIRED }

    private final Reason reason;

    public ApiKeyRejected(Reason reason) {
        super("the API key is not valid (" + reason.name().toLowerCase(java.util.Locale.ROOT) + ")");
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
