package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /schedules} over HTTP: every answer checked against openapi.json by the test client (API.md §3a). */
class SchedulesHttpTest {
    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
        api.post("/workflows/upsert", "{\"project_id\":\"sched-1\",\"name\":\"Invoice\"}", as("alice"));
        api.post("/workflows/upsert", "{\"project_id\":\"sched-bob\",\"name\":\"Bob's\"}", as("bob"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static List<String> fields(TestApi.Answer answer) {
        List<String> fields = new ArrayList<>();
        answer.json().at("/error/fields").forEach(f -> fields.add(f.get("field").asString()));
        return fields;
    }

    private String create(String body) {
        TestApi.Answer created = api.post("/schedules", body, as("alice"));
        assertEquals(201, created.status(), created.raw().body());
        return created.json().at("/data/schedule/id").asString();
    }

    @Test
    void aScheduleIsSavedReadListedChangedAndDeleted() {
        String id = create("{\"project_id\":\"sched-1\",\"params\":{\"n\":1},\"cron\":\"30 6 * * MON-FRI\","
                + "\"timezone\":\"Europe/Paris\",\"overlap\":\"buffer_one\"}");
        JsonNode schedule = api.get("/schedules/" + id, as("alice")).json().at("/data/schedule");
        assertEquals("sched-1", schedule.get("project_id").asString());
        assertEquals(1, schedule.at("/params/n").asInt());
        assertEquals("30 6 * * MON-FRI", schedule.get("cron").asString());
        assertEquals("Europe/Paris", schedule.get("timezone").asString());
        assertEquals("buffer_one", schedule.get("overlap").asString());
        assertEquals(60, schedule.get("catchup_window_seconds").asInt());
        assertTrue(schedule.get("enabled").asBoolean());
        assertTrue(schedule.get("target").isNull());

        assertEquals(1, api.get("/schedules", as("alice")).json().at("/data/total").asInt());
        assertEquals(0, api.get("/schedules", as("bob")).json().at("/data/total").asInt());

        TestApi.Answer changed = api.patch("/schedules/" + id, "{\"cron\":\"@hourly\",\"jitter_seconds\":30}",
                as("alice"));
        assertEquals(200, changed.status(), changed.raw().body());
        assertEquals("@hourly", changed.json().at("/data/schedule/cron").asString());
        assertEquals("Europe/Paris", changed.json().at("/data/schedule/timezone").asString(), "what was not sent stays");

        JsonNode next = api.get("/schedules/" + id + "/next?n=3", as("alice")).json().get("data");
        assertEquals("Europe/Paris", next.get("timezone").asString());
        assertEquals(3, next.get("next").size());
        assertTrue(next.at("/next/0/local").asString().endsWith("+01:00"), next.toString());

        assertEquals(200, api.delete("/schedules/" + id, as("alice")).status());
        assertEquals(404, api.get("/schedules/" + id, as("alice")).status());
    }

    @Test
    void aTriggerQueuesAnExecutionAndTheHistoryShowsIt() {
        String id = create("{\"project_id\":\"sched-1\",\"interval_seconds\":3600}");
        assertEquals(false, api.post("/schedules/" + id + "/pause", "", as("alice")).json()
                .at("/data/schedule/enabled").asBoolean());
        TestApi.Answer triggered = api.post("/schedules/" + id + "/trigger", "", as("alice"));
        assertEquals(200, triggered.status(), triggered.raw().body());
        assertEquals("fired", triggered.json().at("/data/occurrence/outcome").asString());
        String execution = triggered.json().at("/data/occurrence/execution_id").asString();
        assertEquals(200, api.get("/executions/" + execution, as("alice")).status());
        JsonNode history = api.get("/schedules/" + id + "/occurrences", as("alice")).json().get("data");
        assertEquals(1, history.get("total").asInt());
        assertEquals(execution, history.at("/records/0/execution_id").asString());
        assertEquals(0, api.get("/schedules/" + id + "/next", as("alice")).json().at("/data/next").size(),
                "paused: nothing coming");
        assertTrue(api.post("/schedules/" + id + "/resume", "", as("alice")).json()
                .at("/data/schedule/enabled").asBoolean());

        TestApi.Answer backfilled = api.post("/schedules/" + id + "/backfill",
                "{\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2020-01-01T02:00:00Z\"}", as("alice"));
        assertEquals(200, backfilled.status(), backfilled.raw().body());
        assertEquals(0, backfilled.json().at("/data/already_recorded").asInt());
        assertEquals(List.of("to"), fields(api.post("/schedules/" + id + "/backfill",
                "{\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2999-01-01T00:00:00Z\"}", as("alice"))));
        assertEquals(List.of("from", "to"), fields(api.post("/schedules/" + id + "/backfill",
                "{\"from\":\"yesterday\"}", as("alice"))));
    }

    @Test
    void badInputIsA422NamingEachField() {
        TestApi.Answer refused = api.post("/schedules", "{\"project_id\":\"sched-1\",\"cron\":\"61 * * * *\","
                + "\"timezone\":\"Mars/Olympus\",\"overlap\":\"sometimes\"}", as("alice"));
        assertEquals(422, refused.status());
        assertEquals(List.of("cron", "timezone", "overlap"), fields(refused));
        TestApi.Answer rules = api.post("/schedules", "{\"project_id\":\"sched-1\",\"interval_seconds\":30,"
                + "\"start_at\":\"2026-03-02T00:00:00Z\",\"end_at\":\"2026-03-01T00:00:00Z\"}", as("alice"));
        assertEquals(422, rules.status());
        assertEquals(List.of("interval_seconds", "end_at"), fields(rules));
        TestApi.Answer types = api.post("/schedules", "{\"project_id\":\"sched-1\",\"interval_seconds\":\"often\","
                + "\"enabled\":\"yes\",\"start_at\":\"tomorrow\",\"params\":[1]}", as("alice"));
        assertEquals(422, types.status());
        assertEquals(List.of("params", "interval_seconds", "enabled", "start_at"), fields(types));
        assertEquals(List.of("cron"), fields(api.post("/schedules", "{\"project_id\":\"sched-1\"}", as("alice"))));
        assertEquals(List.of("target.robot_id"), fields(api.post("/schedules",
                "{\"project_id\":\"sched-1\",\"cron\":\"@daily\",\"target\":{\"robot_id\":\"nowhere\"}}", as("alice"))));
        assertEquals(List.of("n"), fields(api.get("/schedules/x/next?n=500", as("alice"))));
        assertEquals(404, api.post("/schedules", "{\"project_id\":\"sched-bob\",\"cron\":\"@daily\"}", as("alice"))
                .status(), "another user's workflow");
        assertEquals(0, api.get("/schedules", as("alice")).json().at("/data/total").asInt(), "nothing saved");
    }

    @Test
    void anotherUsersScheduleIsNotFoundOnEveryRoute() {
        String id = create("{\"project_id\":\"sched-1\",\"cron\":\"@daily\"}");
        assertEquals(404, api.get("/schedules/" + id, as("bob")).status());
        assertEquals(404, api.patch("/schedules/" + id, "{\"cron\":\"@hourly\"}", as("bob")).status());
        assertEquals(404, api.post("/schedules/" + id + "/pause", "", as("bob")).status());
        assertEquals(404, api.post("/schedules/" + id + "/resume", "", as("bob")).status());
        assertEquals(404, api.post("/schedules/" + id + "/trigger", "", as("bob")).status());
        assertEquals(404, api.get("/schedules/" + id + "/next", as("bob")).status());
        assertEquals(404, api.get("/schedules/" + id + "/occurrences", as("bob")).status());
        assertEquals(404, api.delete("/schedules/" + id, as("bob")).status());
        assertEquals(401, api.get("/schedules").status());
        assertEquals(200, api.get("/schedules/" + id, as("alice")).status());
    }
}
