package org.astronrpa.openapi.domain.integration;

import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.workflow.IntegrationDeclaration;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;

/**
 * The JSON work of upstream astron-rpa's integration contract, implemented by a JSON library: declarations, the
 * contract's view of input schemas, JSON limits, canonical digests. Thread-safe.
 */
public interface ContractJson {

    /**
     * Checks the owner's declaration text strictly (unknown fields, wrong types and values refused) and makes its
     * canonical form, bound to the hash of {@code inputs} now.
     *
     * @throws org.astronrpa.openapi.domain.shared.InvalidInput naming {@code integration.<field>}
     */
    IntegrationDeclaration declare(String text, ParametersSchema inputs);

    /** A stored declaration, read. */
    Declaration read(IntegrationDeclaration declaration);

    /** The workflow's inputs as the contract shows them (null: it takes none). */
    String inputSchema(ParametersSchema inputs);

    /** SHA-256 hex of the canonical {@link #inputSchema}. */
    String inputSchemaHash(ParametersSchema inputs);

    /** Whether the contract can express these inputs: only its keywords, types and formats. */
    boolean expressible(ParametersSchema inputs);

    /** Whether a declared output schema uses only what the contract allows. */
    boolean supportedOutputSchema(String schemaJson);

    /** {@code paramsJson} with each top-level default the schema has applied where the value is absent. */
    String withDefaults(ParametersSchema inputs, String paramsJson);

    /** Which of {@code limits} the JSON text breaks (a sentence naming it, nothing of the value), if any. */
    Optional<String> overLimits(String json, JsonLimits limits);

    /** Whether a success result fits the limits and the declared output schema (null: any). */
    boolean resultFits(String resultJson, String outputSchemaJson, JsonLimits limits);

    /**
     * SHA-256 hex of the canonical JSON (keys sorted, compact) of {@code fields}, whose values are null, strings,
     * numbers, booleans or {@link RawJson}.
     */
    String digest(Map<String, Object> fields);

    /** JSON text placed as it is, in a {@link #digest}. */
    record RawJson(String text) {
    }
}
