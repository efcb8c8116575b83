package org.astronrpa.openapi.domain.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects the field errors of one input so that the caller hears about all of them at once. */
public final class FieldErrors {
    private final List<FieldError> errors = new ArrayList<>();

    /**
     * Runs {@code parse}; a rejection is recorded under its own field names and {@code null} is returned.
     * A field already named keeps its first error (a wrong type is not also reported as missing).
     */
    public <T> T collect(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInput e) {
            e.errors().forEach(error -> add(error.field(), error.message()));
            return null;
        }
    }

    public void add(String field, String message) {
        if (errors.stream().noneMatch(error -> error.field().equals(field))) {
            errors.add(new FieldError(field, message));
        }
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }
}
