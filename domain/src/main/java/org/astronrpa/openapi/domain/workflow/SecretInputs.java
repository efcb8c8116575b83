package org.astronrpa.openapi.domain.workflow;

/** Tells whether a workflow's parameters schema declares secret inputs; implemented by a schema library. */
@FunctionalInterface
public interface SecretInputs {
    /**
     * Whether {@code schema} declares a secret input anywhere: a schema with {@code "writeOnly": true} or
     * {@code "format": "password"} (as upstream astron-rpa's integration contract marks them). The results of a
     * workflow that takes secrets are never shown through that contract.
     */
    boolean declaredIn(ParametersSchema schema);

    /** Whether {@code workflow} takes secret inputs (one without a parameters schema takes none). */
    default boolean takenBy(Workflow workflow) {
        return workflow.parameters() != null && declaredIn(workflow.parameters());
    }
}
