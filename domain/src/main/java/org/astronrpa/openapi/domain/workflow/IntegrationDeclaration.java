package org.astronrpa.openapi.domain.workflow;

import java.util.Objects;
import org.astronrpa.openapi.domain.shared.Sha256;

/**
 * What a workflow's owner declares of it for upstream astron-rpa's integration contract (its capabilities, class,
 * side effects, risk, …), kept as canonical JSON text: compact, keys sorted. Only the contract's JSON adapter makes
 * one from caller input, after checking it strictly ({@code org.astronrpa.openapi.domain.integration.ContractJson}).
 * {@link #REMOVED} in a change takes a workflow's declaration away.
 */
public record IntegrationDeclaration(String json) {
    public static final int MAX_BYTES = 64 * 1024;
    /** In a {@link WorkflowChanges}: remove the declaration. */
    public static final IntegrationDeclaration REMOVED = new IntegrationDeclaration("null");

    public IntegrationDeclaration {
        Objects.requireNonNull(json, "json");
        if (!json.equals("null") && !json.startsWith("{")) {
            throw new IllegalArgumentException("a declaration is a JSON object");
        }
    }

    /** The profile's {@code revision}: an opaque digest of the whole declaration, which a start may name. */
    public String revision() {
        return "sha256:" + Sha256.hex(json);
    }
}
