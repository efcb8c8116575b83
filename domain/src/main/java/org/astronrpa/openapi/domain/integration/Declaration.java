package org.astronrpa.openapi.domain.integration;

import java.util.List;
import java.util.Objects;

/**
 * A workflow's integration declaration read ({@link ContractJson#read}): what its owner states of it. Null means "not
 * stated" where the contract allows it; {@link Profiles} decides what an incomplete or inconsistent one admits.
 *
 * @param revisionLabel     the owner's label of this declaration (1..100)
 * @param inputSchemaHash   the hash of the workflow's input schema when it was declared: another one now makes the
 *                          declaration stale
 * @param outputSchemaJson  the JSON Schema of its results, or null
 * @param allowedTransports of {@code mcp}, {@code rest}
 * @param risk              {@code low}, {@code medium}, {@code high} or {@code unknown}
 * @param executionType     {@code short}, {@code long} or {@code unknown}
 * @param allowed           the owner allows external starts
 */
public record Declaration(String revisionLabel, String inputSchemaHash, List<String> capabilities,
                          CapabilityClass capabilityClass, List<String> componentOperations, String outputSchemaJson,
                          List<String> allowedTransports, Boolean fileInputs, Boolean fileOutputs, Boolean requiresGui,
                          Boolean requiresHuman, String environment, List<String> sideEffects, String risk,
                          String executionType, Boolean exclusiveTerminal, String supportScope, boolean allowed) {
    public static final String UNKNOWN = "unknown";
    public static final String JSON_DATA_CAPABILITY = "json-data";

    public Declaration {
        Objects.requireNonNull(revisionLabel, "revisionLabel");
        Objects.requireNonNull(inputSchemaHash, "inputSchemaHash");
        capabilities = List.copyOf(capabilities);
        componentOperations = componentOperations == null ? null : List.copyOf(componentOperations);
        allowedTransports = List.copyOf(allowedTransports);
        sideEffects = sideEffects == null ? null : List.copyOf(sideEffects);
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(executionType, "executionType");
    }
}
