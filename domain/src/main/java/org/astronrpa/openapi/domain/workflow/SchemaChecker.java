package org.astronrpa.openapi.domain.workflow;

/** Checks that caller text is a JSON object that is a valid JSON Schema; implemented by a schema library. */
public interface SchemaChecker {
    /**
     * Parses and checks {@code text} (at most {@link ParametersSchema#MAX_BYTES}).
     *
     * @throws org.astronrpa.openapi.domain.shared.InvalidInput naming {@code parameters} when it is not
     */
    ParametersSchema check(String text);
}
