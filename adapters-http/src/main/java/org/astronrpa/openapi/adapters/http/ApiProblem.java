package org.astronrpa.openapi.adapters.http;

import java.util.List;
import org.astronrpa.openapi.domain.shared.FieldError;

/** A failure already expressed in HTTP terms: status, error type slug, sentence, fields. */
final class ApiProblem extends RuntimeException {
    private final int status;
    private final String type;
    private final List<FieldError> fields;
    private final String requiredScope;

    ApiProblem(int status, String type, String message, List<FieldError> fields) {
        this(status, type, message, fields, null);
    }

    ApiProblem(int status, String type, String message, List<FieldError> fields, String requiredScope) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.fields = List.copyOf(fields);
        this.requiredScope = requiredScope;
    }

    static ApiProblem badRequest(String message) {
        return new ApiProblem(400, "bad_request", message, List.of());
    }

    static ApiProblem tooLarge() {
        return new ApiProblem(413, "payload_too_large",
                "the request body is larger than " + HttpSettings.MAX_BODY_BYTES + " bytes", List.of());
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    List<FieldError> fields() {
        return fields;
    }

    /** The scope an API key lacks, on a 403 for that reason; otherwise null. */
    String requiredScope() {
        return requiredScope;
    }
}
