package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.apikey.ApiKey;
import org.astronrpa.openapi.domain.apikey.KeyGrant;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.astronrpa.openapi.domain.workflow.WorkflowStatus;
import org.junit.jupiter.api.Test;

/**
 * A key's allow-list as the database keeps it (V22): written with the key, replaced by a change, and narrowing a
 * workflow list exactly as the list of ids it holds does.
 */
abstract class StoredAllowListContract {
    private static final UserId ALICE = new UserId("alice");
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00.000Z");

    abstract Database database();

    private List<String> listed(Database database, WorkflowFilter filter) {
        return database.workflows().page(ALICE, filter, PageRequest.FIRST).records().stream()
                .map(w -> w.projectId().value()).toList();
    }

    @Test
    void aStoredAllowListNarrowsAListAsItsIdsDoAndAChangeReplacesIt() {
        Database database = database();
        for (int i = 1; i <= 4; i++) {
            database.workflows().insert(Workflow.create(new ProjectId("Wf-" + i), ALICE,
                    new WorkflowChanges("w" + i, "W" + i, null, null, WorkflowStatus.ACTIVE, null), key -> false,
                    T0.plusSeconds(i)));
        }
        KeyGrant two = KeyGrant.checked(List.of("workflows:read"), List.of("wf-1", "WF-3", "not-yet"), null, null,
                null);
        ApiKey key = new ApiKey("k-1", ALICE, "agent", "rpa_k1", "a".repeat(64), T0, null, null, null, two, 1);
        database.apiKeys().insert(key);

        WorkflowFilter stored = WorkflowFilter.ANY.withinAllowListKeys("k-1", two.workflowKeys());
        assertEquals(List.of("Wf-3", "Wf-1"), listed(database, stored));
        assertEquals(listed(database, WorkflowFilter.ANY.within(two.workflowIds())), listed(database, stored));
        assertEquals(2, database.workflows().page(ALICE, stored, PageRequest.FIRST).total());

        KeyGrant other = KeyGrant.checked(List.of("workflows:read"), List.of("wf-4"), null, null, null);
        database.apiKeys().update(key.changed("agent", null, other));
        assertEquals(List.of("Wf-4"), listed(database,
                WorkflowFilter.ANY.withinAllowListKeys("k-1", other.workflowKeys())));
        database.apiKeys().update(key.changed("agent", null, other).changed("agent", null, KeyGrant.of(
                java.util.Set.of(org.astronrpa.openapi.domain.apikey.Scope.WORKFLOWS_READ))));
        int rows = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM api_key_workflows WHERE key_id = 'k-1'").mapTo(Integer.class).one());
        assertEquals(0, rows,
                "a key no longer limited keeps no rows");
    }

    /**
     * The kept total of a key's whole list (V24) is the true count after every change that moves it: a workflow of
     * the allow-list made or deleted, another one made, the key's allow-list changed.
     */
    @Test
    void theKeptTotalOfAnAllowListedListFollowsEveryWorkflowAndKeyChange() {
        Database database = database();
        java.util.function.IntConsumer make = i -> database.workflows().insert(Workflow.create(
                new ProjectId("Wf-" + i), ALICE, new WorkflowChanges("w" + i, "W" + i, null, null,
                        WorkflowStatus.ACTIVE, null), key -> false, T0.plusSeconds(i)));
        make.accept(1);
        make.accept(2);
        KeyGrant grant = KeyGrant.checked(List.of("workflows:read"), List.of("wf-1", "wf-3", "wf-5"), null, null,
                null);
        ApiKey key = new ApiKey("k-2", ALICE, "agent", "rpa_k2", "b".repeat(64), T0, null, null, null, grant, 1);
        database.apiKeys().insert(key);
        java.util.function.Supplier<Long> total = () -> database.workflows().page(ALICE,
                WorkflowFilter.ANY.withinAllowListKeys("k-2", grant.workflowKeys()), PageRequest.FIRST).total();
        java.util.function.Supplier<Long> kept = () -> database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT total FROM api_key_list_totals WHERE key_id = 'k-2'").mapTo(Long.class).findOne().orElse(-1L));

        assertEquals(1, total.get());
        assertEquals(1, kept.get(), "counted once, then kept");
        database.jdbi().useHandle(handle -> handle.execute(
                "UPDATE api_key_list_totals SET total = 99 WHERE key_id = 'k-2'"));
        assertEquals(99, total.get(), "while the key and the workflows stay as they were, the kept total is answered");
        make.accept(3);
        assertEquals(2, total.get(), "an allowed workflow made");
        assertEquals(List.of("Wf-3", "Wf-1"), listed(database,
                WorkflowFilter.ANY.withinAllowListKeys("k-2", grant.workflowKeys())), "in its place, newest first");
        make.accept(4);
        assertEquals(2, total.get(), "another workflow made");
        database.workflows().delete(new ProjectId("Wf-1"), ALICE);
        assertEquals(1, total.get(), "an allowed workflow deleted");
        assertEquals(List.of("Wf-3"), listed(database,
                WorkflowFilter.ANY.withinAllowListKeys("k-2", grant.workflowKeys())));
        KeyGrant wider = KeyGrant.checked(List.of("workflows:read"), List.of("wf-2", "wf-3", "wf-4"), null, null,
                null);
        ApiKey changed = key.changed("agent", null, wider);
        database.apiKeys().update(changed);
        assertEquals(3, database.workflows().page(ALICE,
                WorkflowFilter.ANY.withinAllowListKeys("k-2", wider.workflowKeys()), PageRequest.FIRST).total(),
                "the key's allow-list changed");
        assertEquals(3, kept.get());
        assertEquals(1, database.workflows().page(ALICE, new WorkflowFilter(WorkflowStatus.ACTIVE, "w3")
                .withinAllowListKeys("k-2", wider.workflowKeys()), PageRequest.FIRST).total(),
                "a filtered list is counted");
    }

    /**
     * A workflow made while a key naming it is written, at the same time, is in the key's list whichever commits first
     * (both hold the owner's workflow generation while they date the allow-list rows).
     */
    @Test
    void aWorkflowMadeWhileAKeyNamingItIsWrittenIsInTheKeysList() throws Exception {
        Database database = database();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                int i = round;
                String id = "race-" + i;
                KeyGrant grant = KeyGrant.checked(List.of("workflows:read"), List.of(id), null, null, null);
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                var workflow = pool.submit(() -> {
                    go.await();
                    database.transactions().atomically(() -> {
                        database.workflows().insert(Workflow.create(new ProjectId(id), ALICE, new WorkflowChanges(
                                id, id, null, null, WorkflowStatus.ACTIVE, null), key -> false, T0));
                        return null;
                    });
                    return null;
                });
                var key = pool.submit(() -> {
                    go.await();
                    database.transactions().atomically(() -> {
                        database.apiKeys().insert(new ApiKey("kr-" + i, ALICE, "agent", "rpa_kr" + i,
                                String.format("%064d", i), T0, null, null, null, grant, 1));
                        return null;
                    });
                    return null;
                });
                go.countDown();
                workflow.get();
                key.get();
                assertEquals(List.of(id), listed(database,
                        WorkflowFilter.ANY.withinAllowListKeys("kr-" + i, grant.workflowKeys())), "round " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
