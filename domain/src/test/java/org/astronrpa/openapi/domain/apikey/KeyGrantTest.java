package org.astronrpa.openapi.domain.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.astronrpa.openapi.domain.shared.FieldError;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

class KeyGrantTest {

    @Test
    void withoutScopesNamedANewKeyGetsTheDocumentedDefaults() {
        KeyGrant grant = KeyGrant.checked(null, null, null, null, null);
        assertEquals(Set.of(Scope.WORKFLOWS_READ, Scope.EXECUTIONS_RUN, Scope.EXECUTIONS_READ, Scope.EXECUTIONS_CANCEL,
                Scope.MCP), grant.scopes());
        assertFalse(grant.fullAccess());
        assertFalse(grant.permits(Scope.WORKFLOWS_WRITE));
        assertNull(grant.workflowIds());
        assertTrue(grant.sees(new ProjectId("anything")));
        assertTrue(grant.admitsAddress("203.0.113.9"));
        assertTrue(grant.admitsAddress(null), "no list: the address does not matter");
    }

    @Test
    void theFullGrantPermitsEveryScope() {
        for (Scope scope : Scope.values()) {
            assertTrue(KeyGrant.FULL.permits(scope));
        }
        assertTrue(KeyGrant.FULL.fullAccess());
    }

    @Test
    void aMissingScopeIsRefusedNamingIt() {
        KeyGrant grant = KeyGrant.of(Set.of(Scope.EXECUTIONS_READ));
        MissingScope refused = assertThrows(MissingScope.class, () -> grant.require(Scope.EXECUTIONS_CANCEL));
        assertEquals(Scope.EXECUTIONS_CANCEL, refused.scope());
        assertEquals("this API key lacks the scope 'executions:cancel'", refused.getMessage());
        grant.require(Scope.EXECUTIONS_READ);
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        InvalidInput bad = assertThrows(InvalidInput.class, () -> KeyGrant.checked(
                List.of("executions:run", "Executions:Run", "admin"), List.of("ok", " "), 0L, 100_001L,
                List.of("10.0.0.0/8", "10.0.0.0/33", "host.example")));
        assertEquals(List.of("scopes[1]", "scopes[2]", "workflow_ids[1]", "rate_limit_per_minute",
                "max_concurrent_executions", "allowed_ips[1]", "allowed_ips[2]"),
                bad.errors().stream().map(FieldError::field).toList());
        assertTrue(bad.errors().getFirst().message().contains("known: workflows:read"), bad.getMessage());
        assertEquals("must name at least one scope; known: " + Scope.known(), assertThrows(InvalidInput.class,
                () -> KeyGrant.checked(List.of(), null, null, null, null)).errors().getFirst().message());
    }

    @Test
    void listsAreBounded() {
        List<String> many = IntStream.range(0, KeyGrant.MAX_WORKFLOW_IDS + 1).mapToObj(i -> "w" + i).toList();
        assertEquals("workflow_ids", assertThrows(InvalidInput.class,
                () -> KeyGrant.checked(null, many, null, null, null)).errors().getFirst().field());
        List<String> ips = Collections.nCopies(KeyGrant.MAX_ALLOWED_IPS + 1, "10.0.0.1");
        assertEquals("allowed_ips", assertThrows(InvalidInput.class,
                () -> KeyGrant.checked(null, null, null, null, ips)).errors().getFirst().field());
        assertEquals(KeyGrant.MAX_WORKFLOW_IDS, KeyGrant.checked(null, many.subList(0, KeyGrant.MAX_WORKFLOW_IDS),
                null, null, null).workflowIds().size());
    }

    @Test
    void theAllowListComparesIdsAsWorkflowsDoCaseFolded() {
        KeyGrant grant = KeyGrant.checked(null, List.of("Invoice-Run", "invoice-run", "Payroll"), null, null, null);
        assertEquals(List.of("Invoice-Run", "Payroll"), grant.workflowIds().stream().map(ProjectId::value).toList());
        assertTrue(grant.sees(new ProjectId("INVOICE-RUN")));
        assertFalse(grant.sees(new ProjectId("Invoice-Run-2")));
    }

    @Test
    void addressesAreCheckedAgainstTheBlocksIpv4MappedIncluded() {
        KeyGrant grant = KeyGrant.checked(null, null, null, null, List.of("10.1.0.0/16", "2001:db8::/32"));
        assertTrue(grant.admitsAddress("10.1.200.3"));
        assertTrue(grant.admitsAddress("::ffff:10.1.2.3"));
        assertTrue(grant.admitsAddress("2001:db8:0:1::5"));
        assertFalse(grant.admitsAddress("10.2.0.1"));
        assertFalse(grant.admitsAddress(null), "an unknown address is not in any list");
        assertFalse(grant.admitsAddress("not-an-ip"));
        AddressRefused refused = assertThrows(AddressRefused.class, () -> grant.requireAddress("192.0.2.1"));
        assertEquals("this API key may not be used from 192.0.2.1 (see its allowed_ips)", refused.getMessage());
        assertEquals(List.of("10.1.0.0/16"), KeyGrant.checked(null, null, null, null, List.of("10.1.2.3/16"))
                .allowedIps().stream().map(Object::toString).toList(), "a block is kept as its network");
    }

    @Test
    void aPatchReplacesOnlyTheFieldsItNames() {
        KeyGrant before = KeyGrant.checked(List.of("mcp"), List.of("a"), 10L, 2L, List.of("10.0.0.0/8"));
        KeyGrant asked = KeyGrant.checked(List.of("executions:read"), null, null, 5L, null);
        KeyGrant after = before.with(asked, Set.of("scopes", "rate_limit_per_minute", "max_concurrent_executions"));
        assertEquals(Set.of(Scope.EXECUTIONS_READ), after.scopes());
        assertEquals(List.of(new ProjectId("a")), after.workflowIds());
        assertNull(after.rateLimitPerMinute(), "named with null: cleared");
        assertEquals(5, after.maxConcurrentExecutions());
        assertEquals(1, after.allowedIps().size());
    }

    @Test
    void aKeyLimitedToWorkflowsCannotHoldScopesThatSpanThemNorBecomeSuchByAChange() {
        InvalidInput wide = assertThrows(InvalidInput.class, () -> KeyGrant.checked(List.of("audit:read", "mcp",
                "webhooks:manage"), List.of("a"), null, null, null));
        assertEquals(List.of("scopes[0]", "scopes[2]"), wide.errors().stream().map(FieldError::field).toList());
        KeyGrant scheduler = KeyGrant.checked(List.of("schedules:write"), null, null, null, null);
        InvalidInput narrowed = assertThrows(InvalidInput.class, () -> scheduler.with(
                KeyGrant.checked(null, List.of("a"), null, null, null), Set.of("workflow_ids")));
        assertEquals("scopes", narrowed.errors().getFirst().field());
        assertEquals("workflow_ids", assertThrows(InvalidInput.class, () -> KeyGrant.FULL.with(
                KeyGrant.checked(null, List.of("a"), null, null, null), Set.of("workflow_ids")))
                .errors().getFirst().field(), "a full-access key names its scopes before it is narrowed");
        assertTrue(KeyGrant.checked(null, List.of("a"), null, null, null).limitedToWorkflows());
        assertFalse(KeyGrant.FULL.limitedToWorkflows());
    }
}
