package org.astronrpa.openapi.domain.workflow;

import java.nio.charset.StandardCharsets;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/**
 * The JSON Schema describing a workflow's execution inputs, kept as compact JSON text of an object.
 * Only {@link SchemaChecker} makes one from caller input, after checking that it is a valid schema.
 */
public record ParametersSchema(String json) {
    public static final int MAX_BYTES = 64 * 1024;

    public ParametersSchema {
        if (json == null || json.isBlank() || json.strip().charAt(0) != '{') {
            throw InvalidInput.of("parameters", "must be a JSON object");
        }
        checkSize(json);
    }

    /** The size rule, applied to the caller's text before it is parsed. */
    public static void checkSize(String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw InvalidInput.of("parameters", "must be at most " + MAX_BYTES + " bytes of JSON (got " + bytes + ")");
        }
    }
}
