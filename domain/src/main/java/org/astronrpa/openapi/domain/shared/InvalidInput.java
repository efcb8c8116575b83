package org.astronrpa.openapi.domain.shared;

import java.util.List;
import java.util.stream.Collectors;

/** Input that breaks a rule of the model; names every offending field. */
public final class InvalidInput extends DomainException {
    private final List<FieldError> errors;

    public InvalidInput(List<FieldError> errors) {
        super(describe(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("InvalidInput needs at least one field error");
        }
        this.errors = List.copyOf(errors);
    }

    public static InvalidInput of(String field, String message) {
        return new InvalidInput(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String describe(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }
}
