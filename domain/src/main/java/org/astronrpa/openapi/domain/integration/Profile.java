package org.astronrpa.openapi.domain.integration;

import java.util.List;

/**
 * A workflow as the integration contract profiles it ({@code astron_workflow_get}'s {@code profile}): its declaration,
 * or nulls where it has none, and the admission verdict {@link Profiles} decides.
 *
 * @param version         the workflow's revision (the contract's published version)
 * @param inputSchemaHash the hash of its input schema now
 * @param revision        the declaration's digest, which a start names as {@code profileRevision}; null undeclared
 * @param jsonLimits      the limits its params and results are held to: json-data only
 */
public record Profile(String projectId, long version, String inputSchemaHash, String revision, Declaration declared,
                      JsonLimits jsonLimits, Admission admission, ExecutionSnapshot.ResultVisibility resultVisibility) {
    public static final int SCHEMA_VERSION = 1;

    /** The declared class, or null. */
    public CapabilityClass capabilityClass() {
        return declared == null ? null : declared.capabilityClass();
    }

    /** The transports a start may come by: MCP only unless declared otherwise (null undeclared). */
    public List<String> allowedTransports() {
        return declared == null ? null : declared.allowedTransports();
    }

    /**
     * The verdict: whether the contract may start the workflow, and why not.
     *
     * @param reason   the first failed rule, in the contract's order; null when admitted
     * @param enforced whether every start is held to it (here: only starts that name a profile revision are)
     */
    public record Admission(boolean allowed, String reason, boolean enforced) {
    }
}
