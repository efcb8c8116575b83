package org.astronrpa.openapi.domain.integration;

import java.util.Objects;
import java.util.stream.Stream;
import org.astronrpa.openapi.domain.integration.ExecutionSnapshot.ResultVisibility;
import org.astronrpa.openapi.domain.integration.Profile.Admission;
import org.astronrpa.openapi.domain.workflow.Workflow;

/**
 * Decides a workflow's {@link Profile} and whether a start may go ahead under it: the contract's admission rules, each
 * reason in upstream's order (docs/API.md §6a), and the checks a start makes of its {@code version}, {@code
 * profileRevision} and {@code capabilityClass}.
 */
public final class Profiles {
    private Profiles() {
    }

    /**
     * @param declared              its declaration read, or null
     * @param inputSchemaHash       the hash of its input schema now
     * @param outputSchemaSupported whether the declared output schema uses only what the contract allows
     */
    public static Profile of(Workflow workflow, Declaration declared, String inputSchemaHash,
                             boolean outputSchemaSupported, boolean secretInputs) {
        Objects.requireNonNull(inputSchemaHash, "inputSchemaHash");
        String reason = declared == null ? "PROFILE_UNKNOWN" : reason(declared, inputSchemaHash, outputSchemaSupported);
        Admission admission = new Admission(reason == null, reason, false);
        boolean jsonData = declared != null && declared.capabilityClass() == CapabilityClass.JSON_DATA;
        return new Profile(workflow.projectId().value(), workflow.revision(), inputSchemaHash,
                declared == null ? null : workflow.integration().revision(), declared,
                jsonData ? JsonLimits.CONTRACT : null, admission,
                secretInputs ? ResultVisibility.SUPPRESSED_FOR_SECRET_INPUTS : ResultVisibility.JSON);
    }

    /** The first rule a declaration breaks, in the contract's order; null when it is admitted. */
    static String reason(Declaration d, String inputSchemaHash, boolean outputSchemaSupported) {
        if (!outputSchemaSupported) {
            return "OUTPUT_SCHEMA_UNSUPPORTED";
        }
        if (!d.inputSchemaHash().equals(inputSchemaHash)) {
            return "PROFILE_STALE";
        }
        if (Stream.of(d.fileInputs(), d.fileOutputs(), d.requiresGui(), d.requiresHuman(), d.exclusiveTerminal())
                .anyMatch(Objects::isNull) || d.risk().equals(Declaration.UNKNOWN)
                || d.executionType().equals(Declaration.UNKNOWN)) {
            return "PROFILE_INCOMPLETE";
        }
        boolean jsonData = d.capabilityClass() == CapabilityClass.JSON_DATA;
        if (jsonData != d.capabilities().contains(Declaration.JSON_DATA_CAPABILITY)) {
            return "CAPABILITY_DECLARATION_INVALID";
        }
        if (jsonData && (d.fileInputs() || d.fileOutputs() || d.requiresGui())) {
            return "JSON_DATA_UNSUPPORTED";
        }
        if (d.capabilityClass() != null && d.capabilityClass().isRead()) {
            return "READ_CONSTRAINT_INVALID";   // never admitted here: read constraints are not implemented
        }
        if (!d.allowed()) {
            return "PROFILE_DENIED";
        }
        if (d.fileInputs() || d.fileOutputs()) {
            return "FILE_TRANSFER_UNSUPPORTED";
        }
        return null;
    }

    /**
     * The checks a contract start makes of its workflow's profile, in upstream's order: the version it names, then —
     * when it names a profile revision (upstream's n8n node always does) — admission and that revision, then the
     * class it names.
     *
     * @param version         the version the start names, or null for the current one
     * @param profileRevision the profile revision it names, or null
     * @param capabilityClass the class it names (wire form), or null
     * @param transport       {@code mcp} or {@code rest}
     * @throws ContractRefused with the contract's code
     */
    public static void checkStart(Profile profile, Long version, String profileRevision, String capabilityClass,
                                  String transport) {
        if (version != null && version != profile.version()) {
            throw new ContractRefused("VERSION_NOT_ALLOWED", "only the workflow's current version can be started");
        }
        if (profileRevision != null) {
            if (!profile.admission().allowed()) {
                throw new ContractRefused(profile.admission().reason(), "the workflow's profile does not admit "
                        + "external starts (" + profile.admission().reason() + ")");
            }
            if (!profileRevision.equals(profile.revision())) {
                throw new ContractRefused("PROFILE_STALE", "the workflow's profile changed since it was read");
            }
        }
        CapabilityClass declared = profile.capabilityClass();
        if (declared != null && declared.isRead() && !profile.allowedTransports().contains(transport)) {
            throw new ContractRefused("TRANSPORT_NOT_ALLOWED", "the workflow's profile does not allow this transport");
        }
        if (capabilityClass != null && (declared == null || !declared.wire().equals(capabilityClass))) {
            throw new ContractRefused("CAPABILITY_NOT_ALLOWED", "the workflow's profile has another capability class");
        }
    }
}
