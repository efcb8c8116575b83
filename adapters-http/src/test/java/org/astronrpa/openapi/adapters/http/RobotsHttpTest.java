package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Managed robots over real sockets: identity on the upgrade, the robot list, duplicate connections (API.md §5.1). */
class RobotsHttpTest {
    private TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"name\":\"Invoice\"}", as("alice"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private TestSocket robot(String user, String query, int connectionsAfter) throws Exception {
        TestSocket robot = TestSocket.open(api, "/ws" + query, "X-User-Id", user);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (api.robots.of(new UserId(user)).size() != connectionsAfter && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(connectionsAfter, api.robots.of(new UserId(user)).size(), "connections of " + user);
        return robot;
    }

    @Test
    void aManagedRobotIsListedByItsIdWithWhatItSaidOfItselfAndAnUnnamedOneByItsConnection() throws Exception {
        try (TestSocket desk = robot("alice", "?robot_id=desk-1&robot_name=Front%20desk&machine=PC-01&client=sim"
                + "&version=2.1&capabilities=excel,browser&labels=os%3Dwindows,site%3Dparis", 1);
             TestSocket unnamed = robot("alice", "", 2)) {
            JsonNode list = api.get("/robots", as("alice")).json().get("data");
            assertEquals(2, list.get("total").asInt());
            JsonNode managed = list.get("records").get(0);
            assertEquals("desk-1", managed.get("robot_id").asString());
            assertEquals("Front desk", managed.get("name").asString());
            assertEquals("PC-01", managed.get("machine").asString());
            assertEquals("sim", managed.get("client").asString());
            assertEquals("2.1", managed.get("version").asString());
            assertEquals("windows", managed.at("/labels/os").asString());
            assertEquals("paris", managed.at("/labels/site").asString());
            assertEquals("browser", managed.at("/capabilities/1").asString());
            assertEquals("ONLINE", managed.get("status").asString());
            assertTrue(managed.get("connection_id").asString().startsWith("robot-"));
            JsonNode anonymous = list.get("records").get(1);
            assertTrue(anonymous.get("robot_id").isNull(), anonymous.toString());
            assertEquals("ONLINE", anonymous.get("status").asString());

            JsonNode one = api.get("/robots/desk-1", as("alice")).json().at("/data/robot");
            assertEquals("Front desk", one.get("name").asString());
            assertEquals(404, api.get("/robots/desk-1", as("bob")).status(), "another user's robot is not found");
            assertEquals(404, api.get("/robots/desk-2", as("alice")).status());
            assertEquals(0, api.get("/robots", as("bob")).json().at("/data/total").asInt());
        }
    }

    @Test
    void aManagedRobotStaysListedOfflineAfterItsConnectionClosesAndIsTheSameRobotWhenItReturns() throws Exception {
        TestSocket first = robot("alice", "?robot_id=desk-1&labels=os%3Dwindows", 1);
        String firstSeen = api.get("/robots/desk-1", as("alice")).json().at("/data/robot/first_seen").asString();
        first.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!api.robots.of(new UserId("alice")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        JsonNode offline = api.get("/robots/desk-1", as("alice")).json().at("/data/robot");
        assertEquals("OFFLINE", offline.get("status").asString());
        assertTrue(offline.get("connection_id").isNull());

        // it comes back saying other labels: the record keeps the ones it had (only its owner changes them)
        try (TestSocket again = robot("alice", "?robot_id=desk-1&labels=os%3Dlinux&version=3", 1)) {
            JsonNode back = api.get("/robots/desk-1", as("alice")).json().at("/data/robot");
            assertEquals("ONLINE", back.get("status").asString());
            assertEquals(firstSeen, back.get("first_seen").asString());
            assertEquals("windows", back.at("/labels/os").asString());
            assertEquals("3", back.get("version").asString());
            assertEquals(1, api.get("/robots", as("alice")).json().at("/data/total").asInt());
        }
    }

    @Test
    void aSecondConnectionOfTheSameRobotReplacesTheFirstWhichIsClosedWith4001AndItsRunIsNotLost() throws Exception {
        TestSocket older = robot("alice", "?robot_id=desk-1", 1);
        String id = api.post("/executions", "{\"project_id\":\"p-1\"}", as("alice")).json()
                .at("/data/execution/id").asString();
        JsonNode run = older.next("remote");
        try (TestSocket newer = robot("alice", "?robot_id=desk-1", 1)) {
            assertEquals(4001, older.closed.get(5, TimeUnit.SECONDS));
            assertTrue(older.closeReason.get(1, TimeUnit.SECONDS).contains("replaced"));
            JsonNode robot = api.get("/robots/desk-1", as("alice")).json().at("/data/robot");
            assertEquals("BUSY", robot.get("status").asString(), "the newer connection holds the run in flight");
            assertEquals(id, robot.get("busy_execution_id").asString());

            // the run's reply counts on the newer connection, which is then free for the next run
            newer.send("{\"channel\":\"remote\",\"key\":\"run\",\"reply_event_id\":\"" + run.get("event_id").asString()
                    + "\",\"need_reply\":true,\"data\":{\"code\":\"0000\",\"data\":{\"ok\":1}}}");
            JsonNode done = api.get("/executions/" + id + "?wait=5", as("alice")).json().at("/data/execution");
            assertEquals("COMPLETED", done.get("status").asString());
            api.post("/executions", "{\"project_id\":\"p-1\"}", as("alice"));
            assertNotEquals(null, newer.next("remote"));
        }
    }

    @Test
    void aBadIdentityIsRefusedBeforeTheUpgradeNamingTheField() throws Exception {
        assertRefused(422, "robot_id", "/ws?robot_name=desk", "X-User-Id", "alice");
        assertRefused(422, "robot_id", "/ws?robot_id=%2Fetc", "X-User-Id", "alice");
        assertRefused(422, "labels.OS", "/ws?robot_id=desk-1&labels=OS%3Dwin", "X-User-Id", "alice");
        assertRefused(422, "robot_id", "/ws", "X-User-Id", "alice", "X-Robot-Machine", "PC-01");
        assertRefused(401, "", "/ws?robot_id=desk-1");
        assertEquals(0, api.get("/robots", as("alice")).json().at("/data/total").asInt(), "no robot was recorded");
        // the headers say the same as the query
        try (TestSocket byHeaders = TestSocket.open(api, "/ws", "X-User-Id", "alice", "X-Robot-Id", "desk-9",
                "X-Robot-Labels", "os=mac")) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (api.get("/robots/desk-9", as("alice")).status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("mac", api.get("/robots/desk-9", as("alice")).json().at("/data/robot/labels/os").asString());
        }
    }

    @Test
    void theRobotPathRefusesABadIdAndThePageABadSize() {
        assertEquals(422, api.get("/robots/%2Fetc", as("alice")).status());
        JsonNode problem = api.get("/robots?pageSize=101", as("alice")).json();
        assertTrue(problem.toString().contains("pageSize"), problem.toString());
    }

    @Test
    void aTargetedExecutionGoesToTheRobotItNamesAndAnUnnamedRobotGetsOnlyUntargetedWork() throws Exception {
        try (TestSocket unnamed = robot("alice", "", 1);
             TestSocket windows = robot("alice", "?robot_id=desk-1&labels=os%3Dwindows", 2);
             TestSocket linux = robot("alice", "?robot_id=desk-2&labels=os%3Dlinux", 3)) {
            var byId = api.post("/executions", "{\"project_id\":\"p-1\",\"target\":{\"robot_id\":\"desk-2\"}}",
                    as("alice"));
            assertEquals(202, byId.status(), byId.raw().body());
            assertEquals("desk-2", byId.json().at("/data/execution/target/robot_id").asString());
            assertEquals(byId.json().at("/data/execution/id").asString(),
                    linux.next("remote").at("/data/execution_id").asString());

            var byLabels = api.post("/executions",
                    "{\"project_id\":\"p-1\",\"target\":{\"labels\":{\"os\":\"windows\"}}}", as("alice"));
            assertEquals("windows", byLabels.json().at("/data/execution/target/labels/os").asString());
            assertEquals(byLabels.json().at("/data/execution/id").asString(),
                    windows.next("remote").at("/data/execution_id").asString());

            var any = api.post("/executions", "{\"project_id\":\"p-1\"}", as("alice"));
            assertTrue(any.json().at("/data/execution/target").isNull());
            assertEquals(any.json().at("/data/execution/id").asString(),
                    unnamed.next("remote").at("/data/execution_id").asString());
        }
    }

    @Test
    void aTargetNoRobotOfTheCallerCanMeetIsRefusedNamingTheMember() throws Exception {
        try (TestSocket desk = robot("alice", "?robot_id=desk-1&labels=os%3Dwindows", 1)) {
            assertTarget(422, "target.robot_id", "{\"robot_id\":\"desk-2\"}", "alice");
            assertTarget(422, "target.robot_id", "{\"robot_id\":\"desk-1\"}", "bob");   // alice's robot, not bob's
            assertTarget(422, "target.labels", "{\"labels\":{\"os\":\"linux\"}}", "alice");
            assertTarget(422, "target.labels.OS", "{\"labels\":{\"OS\":\"linux\"}}", "alice");
            assertTarget(422, "target.labels", "{\"labels\":{}}", "alice");
            assertTarget(422, "target.labels.os", "{\"labels\":{\"os\":1}}", "alice");
            assertTarget(422, "target.robot_id", "{\"robot_id\":\"a b\"}", "alice");
            assertTarget(422, "target", "{\"robot_id\":\"desk-1\",\"labels\":{\"os\":\"windows\"}}", "alice");
            assertTarget(422, "target", "\"desk-1\"", "alice");
            assertTarget(422, "target.machine", "{\"machine\":\"PC\",\"robot_id\":\"desk-1\"}", "alice");
            assertEquals(0, api.get("/executions", as("alice")).json().at("/data/total").asInt(), "nothing was started");
        }
        // a robot known by id but offline can be targeted: the execution waits for it
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!api.robots.of(new UserId("alice")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        var waits = api.post("/executions", "{\"project_id\":\"p-1\",\"target\":{\"robot_id\":\"desk-1\"}}",
                as("alice"));
        assertEquals(202, waits.status(), waits.raw().body());
        assertEquals("PENDING", waits.json().at("/data/execution/status").asString());
    }

    private void assertTarget(int status, String field, String target, String user) {
        api.post("/workflows/upsert", "{\"project_id\":\"p-1\",\"name\":\"Invoice\"}", as(user));
        var answer = api.post("/executions", "{\"project_id\":\"p-1\",\"target\":" + target + "}", as(user));
        assertEquals(status, answer.status(), answer.raw().body());
        assertTrue(answer.raw().body().contains("\"" + field + "\""), field + " in " + answer.raw().body());
    }

    @Test
    void theOwnerRenamesRelabelsAndDrainsARobotAndADrainedRobotTakesNoNewRunUntilLetAgain() throws Exception {
        try (TestSocket desk = robot("alice", "?robot_id=desk-1&labels=os%3Dwindows", 1)) {
            var renamed = api.patch("/robots/desk-1", "{\"name\":\"Back office\",\"labels\":{\"os\":\"windows\","
                    + "\"tier\":\"gold\"},\"draining\":true}", as("alice"));
            assertEquals(200, renamed.status(), renamed.raw().body());
            JsonNode robot = renamed.json().at("/data/robot");
            assertEquals("Back office", robot.get("name").asString());
            assertEquals("gold", robot.at("/labels/tier").asString());
            assertEquals("DRAINING", robot.get("status").asString());

            String id = api.post("/executions", "{\"project_id\":\"p-1\",\"target\":{\"labels\":{\"tier\":\"gold\"}}}",
                    as("alice")).json().at("/data/execution/id").asString();
            Thread.sleep(200);
            assertEquals("PENDING", api.get("/executions/" + id, as("alice")).json().at("/data/execution/status").asString(),
                    "a draining robot takes no new run");
            assertEquals(200, api.patch("/robots/desk-1", "{\"draining\":false}", as("alice")).status());
            assertEquals(id, desk.next("remote").at("/data/execution_id").asString(), "let again, it takes what waited");

            // a reconnect keeps what its owner set
            assertEquals(404, api.patch("/robots/desk-1", "{\"draining\":true}", as("bob")).status());
        }
        try (TestSocket again = robot("alice", "?robot_id=desk-1&labels=os%3Dlinux", 1)) {
            JsonNode robot = api.get("/robots/desk-1", as("alice")).json().at("/data/robot");
            assertEquals("Back office", robot.get("name").asString());
            assertEquals("gold", robot.at("/labels/tier").asString());
        }
    }

    @Test
    void aRobotIsForgottenOnlyOfflineAndAChangeNamesTheFieldItBreaks() throws Exception {
        TestSocket desk = robot("alice", "?robot_id=desk-1", 1);
        var online = api.delete("/robots/desk-1", as("alice"));
        assertEquals(409, online.status(), online.raw().body());
        assertEquals(404, api.delete("/robots/desk-1", as("bob")).status());

        assertPatch("labels.OS", "{\"labels\":{\"OS\":\"x\"}}");
        assertPatch("labels.os", "{\"labels\":{\"os\":1}}");
        assertPatch("draining", "{\"draining\":\"yes\"}");
        assertPatch("name", "{\"name\":\"\"}");
        assertPatch("body", "{}");
        assertEquals(422, api.patch("/robots/a%20b", "{\"draining\":true}", as("alice")).status());
        assertEquals(404, api.patch("/robots/desk-2", "{\"draining\":true}", as("alice")).status());

        desk.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!api.robots.of(new UserId("alice")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        var gone = api.delete("/robots/desk-1", as("alice"));
        assertEquals(200, gone.status(), gone.raw().body());
        assertEquals(404, api.get("/robots/desk-1", as("alice")).status());
        assertEquals(404, api.delete("/robots/desk-1", as("alice")).status());
    }

    private void assertPatch(String field, String body) {
        var answer = api.patch("/robots/desk-1", body, as("alice"));
        assertEquals(422, answer.status(), answer.raw().body());
        assertTrue(answer.raw().body().contains("\"" + field + "\""), field + " in " + answer.raw().body());
    }

    @Test
    void watchersHearTheirRobotsComeChangeDrainAndGoAndNothingOfAnotherUsersRobots() throws Exception {
        try (TestSocket watcher = TestSocket.open(api, "/ws/events", "X-User-Id", "alice");
             TestSocket narrowed = TestSocket.open(api, "/ws/events?project_id=p-1", "X-User-Id", "alice");
             TestSocket bobs = TestSocket.open(api, "/ws/events", "X-User-Id", "bob")) {
            TestSocket desk = robot("alice", "?robot_id=desk-1&labels=os%3Dwindows", 1);
            JsonNode online = nextOfType(watcher, "robot.online");
            assertEquals("desk-1", online.get("robot_id").asString());
            assertEquals("windows", online.at("/labels/os").asString());
            assertTrue(online.get("connection_id").asString().startsWith("robot-"));

            api.patch("/robots/desk-1", "{\"draining\":true}", as("alice"));
            assertTrue(nextOfType(watcher, "robot.changed").get("draining").asBoolean());
            assertEquals("desk-1", nextOfType(watcher, "robot.drained").get("robot_id").asString(),
                    "draining with no run: drained at once");

            desk.close();
            assertEquals("desk-1", nextOfType(watcher, "robot.offline").get("robot_id").asString());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!api.robots.of(new UserId("alice")).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            api.delete("/robots/desk-1", as("alice"));
            assertEquals("desk-1", nextOfType(watcher, "robot.deleted").get("robot_id").asString());
            Thread.sleep(100);
            assertTrue(narrowed.received.isEmpty(), "a watcher narrowed to executions hears no robot: " + narrowed.received);
            assertTrue(bobs.received.isEmpty(), "bob hears nothing of alice's robots: " + bobs.received);
        }
    }

    @Test
    void aDrainingRobotDrainsWhenItsRunEnds() throws Exception {
        try (TestSocket watcher = TestSocket.open(api, "/ws/events", "X-User-Id", "alice");
             TestSocket desk = robot("alice", "?robot_id=desk-1", 1)) {
            api.post("/executions", "{\"project_id\":\"p-1\"}", as("alice"));
            JsonNode run = desk.next("remote");
            api.patch("/robots/desk-1", "{\"draining\":true}", as("alice"));
            nextOfType(watcher, "robot.changed");
            assertEquals("DRAINING", api.get("/robots/desk-1", as("alice")).json().at("/data/robot/status").asString());
            desk.send("{\"channel\":\"remote\",\"key\":\"run\",\"reply_event_id\":\"" + run.get("event_id").asString()
                    + "\",\"need_reply\":true,\"data\":{\"code\":\"0000\",\"data\":null}}");
            assertEquals("desk-1", nextOfType(watcher, "robot.drained").get("robot_id").asString());
        }
    }

    /** The next frame of {@code type} on {@code socket} (others skipped), failing after five seconds. */
    private static JsonNode nextOfType(TestSocket socket, String type) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            String frame = socket.received.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null && type.equals(TestApi.JSON.readTree(frame).path("type").asString(""))) {
                return TestApi.JSON.readTree(frame);
            }
        }
        throw new AssertionError("no " + type + " event within 5 s");
    }

    @Test
    void eachRobotShowsHowManyQueuedExecutionsItMayRun() throws Exception {
        try (TestSocket windows = robot("alice", "?robot_id=desk-1&labels=os%3Dwindows", 1);
             TestSocket linux = robot("alice", "?robot_id=desk-2&labels=os%3Dlinux", 2)) {
            api.patch("/robots/desk-1", "{\"draining\":true}", as("alice"));
            api.patch("/robots/desk-2", "{\"draining\":true}", as("alice"));
            for (String target : java.util.List.of("{\"labels\":{\"os\":\"windows\"}}", "{\"labels\":{\"os\":\"windows\"}}",
                    "{\"robot_id\":\"desk-2\"}", "null")) {
                assertEquals(202, api.post("/executions", "{\"project_id\":\"p-1\",\"target\":" + target + "}",
                        as("alice")).status());
            }
            assertEquals(3, api.get("/robots/desk-1", as("alice")).json().at("/data/robot/queue_depth").asInt(),
                    "two for its labels, one for any robot");
            JsonNode list = api.get("/robots", as("alice")).json().at("/data/records");
            java.util.Map<String, Integer> depths = new java.util.HashMap<>();
            list.forEach(r -> depths.put(r.get("robot_id").asString(), r.get("queue_depth").asInt()));
            assertEquals(java.util.Map.of("desk-1", 3, "desk-2", 2), depths);
            assertEquals(0, api.get("/robots", as("bob")).json().at("/data/total").asInt());
        }
    }

    @Test
    void strategyAllStartsOneExecutionPerConnectedMatchingRobotListedByItsBatch() throws Exception {
        try (TestSocket paris1 = robot("alice", "?robot_id=desk-1&labels=site%3Dparis", 1);
             TestSocket paris2 = robot("alice", "?robot_id=desk-2&labels=site%3Dparis", 2);
             TestSocket lyon = robot("alice", "?robot_id=desk-3&labels=site%3Dlyon", 3);
             TestSocket unnamed = robot("alice", "", 4)) {
            var fanned = api.post("/executions", "{\"project_id\":\"p-1\",\"strategy\":\"all\","
                    + "\"target\":{\"labels\":{\"site\":\"paris\"}}}", as("alice"));
            assertEquals(202, fanned.status(), fanned.raw().body());
            String batch = fanned.json().at("/data/batch_id").asString();
            JsonNode executions = fanned.json().at("/data/executions");
            assertEquals(2, executions.size());
            assertEquals("desk-1", executions.get(0).at("/target/robot_id").asString());
            assertEquals("desk-2", executions.get(1).at("/target/robot_id").asString());
            assertEquals(batch, executions.get(0).get("batch_id").asString());
            assertEquals(executions.get(0).get("id").asString(), paris1.next("remote").at("/data/execution_id").asString());
            assertEquals(executions.get(1).get("id").asString(), paris2.next("remote").at("/data/execution_id").asString());

            JsonNode listed = api.get("/executions?batch_id=" + batch, as("alice")).json().at("/data");
            assertEquals(2, listed.get("records").size());
            assertTrue(listed.get("total").isNull(), listed.toString());
            assertEquals(0, api.get("/executions?batch_id=" + batch, as("bob")).json().at("/data/records").size());

            // everyone (managed) when there is no target; a draining robot sits it out
            api.patch("/robots/desk-3", "{\"draining\":true}", as("alice"));
            var all = api.post("/executions", "{\"project_id\":\"p-1\",\"strategy\":\"all\"}", as("alice"));
            assertEquals(2, all.json().at("/data/executions").size(), all.raw().body());
        }
    }

    @Test
    void strategyAllRefusesWhatItCannotDoNamingTheField() throws Exception {
        try (TestSocket lyon = robot("alice", "?robot_id=desk-3&labels=site%3Dlyon", 1)) {
            var none = api.post("/executions", "{\"project_id\":\"p-1\",\"strategy\":\"all\","
                    + "\"target\":{\"labels\":{\"site\":\"lyon\",\"tier\":\"gold\"}}}", as("alice"));
            assertEquals(422, none.status(), none.raw().body());
            assertTrue(none.raw().body().contains("\"target"), none.raw().body());
            var bad = api.post("/executions", "{\"project_id\":\"p-1\",\"strategy\":\"every\"}", as("alice"));
            assertEquals(422, bad.status());
            assertTrue(bad.raw().body().contains("\"strategy\""), bad.raw().body());
            var keyed = api.send(api.request("POST", "/executions", "{\"project_id\":\"p-1\",\"strategy\":\"all\"}",
                    "X-User-Id", "alice", "Idempotency-Key", "k-1"));
            assertEquals(422, keyed.status());
            assertTrue(keyed.raw().body().contains("Idempotency-Key"), keyed.raw().body());
            var mixed = api.get("/executions?batch_id=b&status=PENDING", as("alice"));
            assertEquals(422, mixed.status());
            assertTrue(mixed.raw().body().contains("\"batch_id\""), mixed.raw().body());
            assertEquals(0, api.get("/executions", as("alice")).json().at("/data/total").asInt(), "nothing started");
        }
    }

    /** Opens a raw upgrade and checks the refusal's status and that its body names {@code field}. */
    private void assertRefused(int status, String field, String path, String... headers) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", api.port()), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            out.write(request.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAll(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 " + status), answer);
            assertTrue(answer.contains("\"" + field), answer);
        }
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
                String text = all.toString(StandardCharsets.UTF_8);
                if (text.contains("\r\n\r\n") && text.trim().endsWith("}")) {
                    break;
                }
            }
        } catch (java.net.SocketTimeoutException enough) {
            // what came is what there is
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
