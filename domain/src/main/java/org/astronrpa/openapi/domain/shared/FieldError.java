package org.astronrpa.openapi.domain.shared;

import java.util.Objects;

/** One rejected input field: its name as the caller spelled it, and why. */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
