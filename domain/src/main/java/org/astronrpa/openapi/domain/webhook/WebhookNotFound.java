package org.astronrpa.openapi.domain.webhook;

import org.astronrpa.openapi.domain.shared.NotFound;

/** No webhook (or delivery) of that id for this caller (another user's is not found either). */
public final class WebhookNotFound extends NotFound {
    public WebhookNotFound(String what, String id) {
        super(what + " '" + id + "' was not found");
    }
}
