package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Enrollment tokens and robot credentials over real sockets (API.md §5.1). */
class RobotCredentialsHttpTest {
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

    private String token(String body) {
        var issued = api.post("/robots/enrollments", body, as("alice"));
        assertEquals(201, issued.status(), issued.raw().body());
        return issued.json().at("/data/token").asString();
    }

    private String credential(String token, String body) {
        var enrolled = api.post("/robots/enroll", "{\"token\":\"" + token + "\"" + body + "}");
        assertEquals(201, enrolled.status(), enrolled.raw().body());
        return enrolled.json().at("/data/credential").asString();
    }

    private TestSocket robotWith(String credential, String query) throws Exception {
        TestSocket robot = TestSocket.open(api, "/ws" + query, "Authorization", "Bearer " + credential);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (api.robots.of(new UserId("alice")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return robot;
    }

    @Test
    void aTokenIsTradedOnceForACredentialThatConnectsItsRobotAndNothingElse() throws Exception {
        String token = token("{\"robot_id\":\"desk-1\",\"name\":\"Front desk\",\"labels\":{\"os\":\"windows\"}}");
        assertTrue(token.startsWith("rpae_"), token);
        String credential = credential(token, ",\"machine\":\"PC-01\",\"version\":\"2.1\"");
        assertTrue(credential.startsWith("rpar_"), credential);
        var replay = api.post("/robots/enroll", "{\"token\":\"" + token + "\"}");
        assertEquals(401, replay.status(), "a token is used once: " + replay.raw().body());

        JsonNode robot = api.get("/robots/desk-1", as("alice")).json().at("/data/robot");
        assertEquals("Front desk", robot.get("name").asString());
        assertEquals("windows", robot.at("/labels/os").asString());
        assertEquals("OFFLINE", robot.get("status").asString(), "enrolled, not connected yet");

        // REST, watchers and MCP are not for robot credentials
        assertEquals(401, api.get("/executions", "Authorization", "Bearer " + credential).status());
        assertEquals(401, api.get("/robots", "Authorization", "Bearer " + credential).status());
        try (TestSocket desk = robotWith(credential, "")) {
            JsonNode online = api.get("/robots/desk-1", as("alice")).json().at("/data/robot");
            assertEquals("ONLINE", online.get("status").asString());
            String id = api.post("/executions", "{\"project_id\":\"p-1\",\"target\":{\"robot_id\":\"desk-1\"}}",
                    as("alice")).json().at("/data/execution/id").asString();
            assertEquals(id, desk.next("remote").at("/data/execution_id").asString());
        }
        // it connects as its robot only
        var refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> TestSocket.open(api, "/ws?robot_id=desk-2", "Authorization", "Bearer " + credential));
        assertTrue(String.valueOf(rootMessage(refused)).contains("403"), refused.toString());
    }

    @Test
    void revokingARobotClosesItsConnectionMidRunFailsTheRunAndItsCredentialLetsNobodyIn() throws Exception {
        String credential = credential(token("{}"), ",\"robot_id\":\"desk-1\"");
        TestSocket desk = robotWith(credential, "?robot_id=desk-1");
        String id = api.post("/executions", "{\"project_id\":\"p-1\"}", as("alice")).json()
                .at("/data/execution/id").asString();
        desk.next("remote");

        var revoked = api.post("/robots/desk-1/revoke", null, as("alice"));
        assertEquals(200, revoked.status(), revoked.raw().body());
        assertEquals(1, revoked.json().at("/data/credentials_revoked").asInt());
        assertEquals(4003, desk.closed.get(5, TimeUnit.SECONDS));
        JsonNode failed = api.get("/executions/" + id + "?wait=5", as("alice")).json().at("/data/execution");
        assertEquals("FAILED", failed.get("status").asString());
        assertEquals("ROBOT_OFFLINE", failed.get("error_code").asString());
        assertTrue(failed.get("error").asString().contains("revoked"), failed.toString());

        var again = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> TestSocket.open(api, "/ws", "Authorization", "Bearer " + credential));
        assertTrue(String.valueOf(rootMessage(again)).contains("401"), again.toString());
        assertEquals(404, api.post("/robots/desk-1/revoke", null, as("bob")).status(), "bob has no robot desk-1");
    }

    @Test
    void enrollmentsRefuseWhatBreaksARuleNamingTheField() {
        assertField(api.post("/robots/enrollments", "{\"robot_id\":\"a b\"}", as("alice")), 422, "robot_id");
        assertField(api.post("/robots/enrollments", "{\"labels\":{\"OS\":\"x\"}}", as("alice")), 422, "labels.OS");
        assertField(api.post("/robots/enrollments", "{\"expires_in_seconds\":5}", as("alice")), 422, "expires_in_seconds");
        assertField(api.post("/robots/enrollments", "{\"expires_in_seconds\":604801}", as("alice")), 422,
                "expires_in_seconds");
        assertEquals(401, api.post("/robots/enrollments", "{}").status(), "the owner authenticates");

        String fixed = token("{\"robot_id\":\"desk-1\"}");
        assertField(api.post("/robots/enroll", "{\"token\":\"" + fixed + "\",\"robot_id\":\"desk-2\"}"), 422, "robot_id");
        String open = token("{}");
        assertField(api.post("/robots/enroll", "{\"token\":\"" + open + "\"}"), 422, "robot_id");
        assertField(api.post("/robots/enroll", "{\"token\":\"" + open + "\",\"robot_id\":\"d\",\"capabilities\":[1]}"),
                422, "capabilities[0]");
        assertField(api.post("/robots/enroll", "{}"), 422, "token");
        assertEquals(401, api.post("/robots/enroll", "{\"token\":\"rpae_nope\"}").status());
        // refusals left the tokens usable
        credential(fixed, "");
        credential(open, ",\"robot_id\":\"desk-3\"");
    }

    private static void assertField(TestApi.Answer answer, int status, String field) {
        assertEquals(status, answer.status(), answer.raw().body());
        assertTrue(answer.raw().body().contains("\"" + field + "\""), field + " in " + answer.raw().body());
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        StringBuilder all = new StringBuilder(String.valueOf(failure.getMessage()));
        while (cause.getCause() != null) {
            cause = cause.getCause();
            all.append(" / ").append(cause.getMessage());
        }
        return all.toString();
    }
}
