package org.astronrpa.openapi.domain.shared;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The URL of a receiver the service sends to (a webhook subscription's, an execution's callback): absolute,
 * {@code https} (or {@code http} when allowed), with a host, no user name or password (they would be logged with it),
 * no fragment, at most {@value #MAX_LENGTH} characters.
 */
public final class ReceiverUrl {
    public static final int MAX_LENGTH = 2048;

    private ReceiverUrl() {
    }

    /** @throws InvalidInput naming {@code field} */
    public static URI checked(String field, String url, boolean allowHttp) {
        if (url == null || url.isBlank()) {
            throw InvalidInput.of(field, "is required: the receiver's https URL");
        }
        if (url.length() > MAX_LENGTH) {
            throw InvalidInput.of(field, "at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw InvalidInput.of(field, "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw InvalidInput.of(field, allowHttp ? "must be an http or https URL"
                    : "must be an https URL (http is accepted only with WEBHOOK_ALLOW_HTTP=true)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw InvalidInput.of(field, "must name a host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw InvalidInput.of(field, "has a port outside 1..65535");
        }
        if (uri.getRawUserInfo() != null) {
            throw InvalidInput.of(field, "must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw InvalidInput.of(field, "must not have a fragment");
        }
        return uri;
    }
}
