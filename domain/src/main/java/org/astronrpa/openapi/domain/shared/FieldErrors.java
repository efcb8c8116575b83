package org.astronrpa.openapi.domain.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects the field errors of one input so that the caller hears about all of them at once. */
public final class FieldErrors {
    private final List<FieldError> errors = new ArrayList<>();

    /** Runs {@code parse}; a rejection is recorded under its own field names and {@code null} is returned. */
    public <T> T collect(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInput e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    public void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }
}
