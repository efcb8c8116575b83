package org.astronrpa.openapi.domain.webhook;

import java.util.Objects;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/** A webhook subscription's id: made by the service, sent back by callers in paths (1..64 characters). */
public record WebhookId(String value) {
    public WebhookId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 64) {
            throw InvalidInput.of("id", "a webhook id is 1..64 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
