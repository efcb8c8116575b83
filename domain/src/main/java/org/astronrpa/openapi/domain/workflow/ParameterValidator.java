package org.astronrpa.openapi.domain.workflow;

import java.util.List;
import org.astronrpa.openapi.domain.shared.FieldError;

/** Checks execution parameters against a workflow's parameters schema; implemented by a schema library. */
public interface ParameterValidator {
    /**
     * The problems of {@code instanceJson} (a JSON object) against {@code schema}, each named by its path under
     * {@code params} (e.g. {@code params.amount}); empty when valid.
     */
    List<FieldError> validate(ParametersSchema schema, String instanceJson);
}
