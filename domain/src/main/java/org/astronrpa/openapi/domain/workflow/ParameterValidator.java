package org.astronrpa.openapi.domain.workflow;

import java.util.List;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/** Checks execution parameters against a workflow's parameters schema; implemented by a schema library. */
public interface ParameterValidator {
    /**
     * The problems of {@code instanceJson} (a JSON object) against {@code schema}, each named by its path under
     * {@code params} (e.g. {@code params.amount}); empty when valid.
     */
    List<FieldError> validate(ParametersSchema schema, String instanceJson);

    /**
     * Checks {@code paramsJson} against {@code workflow}'s parameters (a workflow without them takes any params).
     *
     * @throws InvalidInput naming each problem
     */
    default void check(Workflow workflow, String paramsJson) {
        if (workflow.parameters() != null) {
            List<FieldError> problems = validate(workflow.parameters(), paramsJson);
            if (!problems.isEmpty()) {
                throw new InvalidInput(problems);
            }
        }
    }
}
