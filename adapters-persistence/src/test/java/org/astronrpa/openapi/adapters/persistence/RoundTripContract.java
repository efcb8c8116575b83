package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ParametersSchema;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.astronrpa.openapi.domain.workflow.Workflow;
import org.astronrpa.openapi.domain.workflow.WorkflowChanges;
import org.astronrpa.openapi.domain.workflow.WorkflowFilter;
import org.junit.jupiter.api.Test;

/** What the schema must keep intact on every database, beyond the port contracts. */
abstract class RoundTripContract {
    private static final UserId ALICE = new UserId("alice");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");

    /** A migrated database with no rows. */
    protected abstract Database database();

    private static Workflow workflow(String projectId, UserId owner, String name, String parametersJson) {
        return Workflow.create(new ProjectId(projectId), owner,
                new WorkflowChanges(name, null, null, null, null,
                        parametersJson == null ? null : new ParametersSchema(parametersJson)),
                taken -> false, T0);
    }

    @Test
    void chineseTextAndEmojiComeBackUnchanged() {
        Workflow stored = Workflow.create(new ProjectId("项目-1"), new UserId("用户"),
                new WorkflowChanges("发票机器人 🤖", "invoice", "每天早上九点运行 — ✓", null, null,
                        new ParametersSchema("{\"title\":\"金额 💰\"}")),
                taken -> false, T0);
        database().workflows().insert(stored);
        assertEquals(stored, database().workflows().find(new ProjectId("项目-1")).orElseThrow());
    }

    @Test
    void parametersLargerThanATextColumnComeBackUnchanged() {
        String head = "{\"description\":\"";
        String tail = "\"}";
        int room = ParametersSchema.MAX_BYTES - head.length() - tail.length();
        String filler = "参".repeat(room / 3) + "x".repeat(room % 3);
        String json = head + filler + tail;
        assertEquals(ParametersSchema.MAX_BYTES, json.getBytes(StandardCharsets.UTF_8).length);

        database().workflows().insert(workflow("big", ALICE, "big", json));
        assertEquals(json, database().workflows().find(new ProjectId("big")).orElseThrow().parameters().json());
    }

    @Test
    void storedTimesAreUtcWhateverTheJvmTimeZone() {
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
            Workflow stored = workflow("p-1", ALICE, "a", null);
            database().workflows().insert(stored);
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            assertEquals(stored, database().workflows().find(new ProjectId("p-1")).orElseThrow());
            long atUtcWallClock = database().jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT COUNT(*) AS n FROM workflows WHERE created_at = TIMESTAMP '2026-01-01 00:00:00.123'")
                    .mapTo(Long.class).one());
            assertEquals(1, atUtcWallClock);
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void userIdsCompareExactlyUnlikeProjectIds() {
        UserId upperAlice = new UserId("Alice");
        database().workflows().insert(workflow("p-1", ALICE, "same", null));
        database().workflows().insert(workflow("p-2", upperAlice, "same", null));

        assertEquals(List.of("p-2"), database().workflows().page(upperAlice, WorkflowFilter.ANY, PageRequest.FIRST)
                .records().stream().map(w -> w.projectId().value()).toList());
        assertFalse(database().workflows().isToolNameTaken(upperAlice, "same", new ProjectId("p-2")));
        assertFalse(database().workflows().delete(new ProjectId("p-1"), upperAlice));
        assertTrue(database().workflows().delete(new ProjectId("P-1"), ALICE));
    }

    @Test
    void aSearchForABackslashFindsOnlyNamesWithOne() {
        database().workflows().insert(workflow("p-1", ALICE, "C:\\temp", null));
        database().workflows().insert(workflow("p-2", ALICE, "C:xtemp", null));
        database().workflows().insert(workflow("p-3", ALICE, "wow!", null));
        var found = database().workflows().page(ALICE, new WorkflowFilter(null, ":\\t"), PageRequest.FIRST);
        assertEquals(List.of("p-1"), found.records().stream().map(w -> w.projectId().value()).toList());
        assertEquals(1, database().workflows().page(ALICE, new WorkflowFilter(null, "w!"), PageRequest.FIRST).total());
    }
}
