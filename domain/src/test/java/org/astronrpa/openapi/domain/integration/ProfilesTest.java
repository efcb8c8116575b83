package org.astronrpa.openapi.domain.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.IntegrationDeclaration;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.ToolName;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.junit.jupiter.api.Test;

/** The contract's admission rules, each reason in upstream's order, and a start's checks against the profile. */
class ProfilesTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Workflow WORKFLOW = new Workflow(new ProjectId("p-1"), new UserId("alice"), "Totals", null,
            null, "1.0.0", WorkflowStatus.ACTIVE, null, new ToolName("totals"), 3, T0, T0,
            new IntegrationDeclaration("{\"revision\":\"r1\"}"));

    private static Declaration admitted() {
        return new Declaration("r1", "hash", List.of("json-data"), CapabilityClass.JSON_DATA, null, null,
                List.of("mcp"), false, false, false, false, null, List.of(), "low", "short", false, null, true);
    }

    private static Declaration with(java.util.function.UnaryOperator<Object[]> change) {
        Declaration d = admitted();
        Object[] f = {d.revisionLabel(), d.inputSchemaHash(), d.capabilities(), d.capabilityClass(),
            d.componentOperations(), d.outputSchemaJson(), d.allowedTransports(), d.fileInputs(), d.fileOutputs(),
            d.requiresGui(), d.requiresHuman(), d.environment(), d.sideEffects(), d.risk(), d.executionType(),
            d.exclusiveTerminal(), d.supportScope(), d.allowed()};
        f = change.apply(f);
        @SuppressWarnings("unchecked")
        Declaration changed = new Declaration((String) f[0], (String) f[1], (List<String>) f[2],
                (CapabilityClass) f[3], (List<String>) f[4], (String) f[5], (List<String>) f[6], (Boolean) f[7],
                (Boolean) f[8], (Boolean) f[9], (Boolean) f[10], (String) f[11], (List<String>) f[12], (String) f[13],
                (String) f[14], (Boolean) f[15], (String) f[16], (Boolean) f[17]);
        return changed;
    }

    private static String reason(Declaration d, boolean outputOk) {
        return Profiles.of(WORKFLOW, d, "hash", outputOk, false).admission().reason();
    }

    @Test
    void eachRuleGivesItsReasonInTheContractsOrder() {
        assertNull(reason(admitted(), true));
        assertEquals("PROFILE_UNKNOWN", Profiles.of(WORKFLOW, null, "hash", true, false).admission().reason());
        assertEquals("OUTPUT_SCHEMA_UNSUPPORTED", reason(with(f -> { f[1] = "old"; return f; }), false),
                "the output schema first, before a stale hash");
        assertEquals("PROFILE_STALE", reason(with(f -> { f[1] = "old"; f[13] = "unknown"; return f; }), true));
        assertEquals("PROFILE_INCOMPLETE", reason(with(f -> { f[9] = null; return f; }), true));
        assertEquals("PROFILE_INCOMPLETE", reason(with(f -> { f[14] = "unknown"; return f; }), true));
        assertEquals("CAPABILITY_DECLARATION_INVALID", reason(with(f -> { f[2] = List.of("x"); return f; }), true));
        assertEquals("CAPABILITY_DECLARATION_INVALID", reason(with(f -> { f[3] = null; return f; }), true),
                "json-data capability without the class");
        assertEquals("JSON_DATA_UNSUPPORTED", reason(with(f -> { f[9] = true; f[17] = false; return f; }), true));
        assertEquals("PROFILE_DENIED", reason(with(f -> { f[17] = false; return f; }), true));
        assertEquals("FILE_TRANSFER_UNSUPPORTED", reason(with(f -> { f[2] = List.of("x"); f[3] = null; f[7] = true;
            return f; }), true));
        assertNull(reason(with(f -> { f[2] = List.of("mail"); f[3] = null; return f; }), true), "a classless one");
    }

    @Test
    void aJsonDataProfileCarriesTheLimitsAndTheDeclarationsDigest() {
        Profile p = Profiles.of(WORKFLOW, admitted(), "hash", true, true);
        assertEquals(JsonLimits.CONTRACT, p.jsonLimits());
        assertEquals(WORKFLOW.integration().revision(), p.revision());
        assertEquals(3, p.version());
        assertEquals(ExecutionSnapshot.ResultVisibility.SUPPRESSED_FOR_SECRET_INPUTS, p.resultVisibility());
        assertNull(Profiles.of(WORKFLOW, null, "hash", true, false).revision());
    }

    @Test
    void aStartIsCheckedAgainstTheProfileInOrder() {
        Profile p = Profiles.of(WORKFLOW, admitted(), "hash", true, false);
        Profiles.checkStart(p, 3L, p.revision(), "json-data", "rest");
        Profiles.checkStart(p, null, null, null, "mcp");
        assertEquals("VERSION_NOT_ALLOWED", assertThrows(ContractRefused.class,
                () -> Profiles.checkStart(p, 2L, "stale", null, "mcp")).error().code());
        assertEquals("PROFILE_STALE", assertThrows(ContractRefused.class,
                () -> Profiles.checkStart(p, 3L, "stale", null, "mcp")).error().code());
        assertEquals("CAPABILITY_NOT_ALLOWED", assertThrows(ContractRefused.class,
                () -> Profiles.checkStart(p, null, null, "browser-read", "mcp")).error().code());
        Profile denied = Profiles.of(WORKFLOW, with(f -> { f[17] = false; return f; }), "hash", true, false);
        assertEquals("PROFILE_DENIED", assertThrows(ContractRefused.class,
                () -> Profiles.checkStart(denied, null, denied.revision(), null, "mcp")).error().code());
        Profiles.checkStart(denied, null, null, null, "mcp");   // not enforced without a profile revision
    }
}
