package org.astronrpa.openapi.adapters.http;

import static org.astronrpa.openapi.adapters.http.ErrorEnvelopeHttpTest.assertProblem;
import static org.astronrpa.openapi.adapters.http.TestApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.astronrpa.openapi.adapters.http.TestApi.Answer;
import org.astronrpa.openapi.adapters.schema.NetworkntSchemaChecker;
import org.astronrpa.openapi.application.apikey.CreateApiKey;
import org.astronrpa.openapi.application.apikey.CreateApiKeyCommand;
import org.astronrpa.openapi.application.apikey.ListApiKeys;
import org.astronrpa.openapi.application.apikey.RevokeApiKey;
import org.astronrpa.openapi.application.auth.AuthPolicy;
import org.astronrpa.openapi.application.auth.AuthenticateCaller;
import org.astronrpa.openapi.application.memory.InMemoryApiKeyStore;
import org.astronrpa.openapi.application.memory.InMemoryWorkflowRepository;
import org.astronrpa.openapi.application.ops.CheckHealth;
import org.astronrpa.openapi.application.workflow.DeleteWorkflow;
import org.astronrpa.openapi.application.workflow.GetWorkflow;
import org.astronrpa.openapi.application.workflow.ListWorkflows;
import org.astronrpa.openapi.application.workflow.UpsertWorkflow;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.ApiKeyName;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** Who the caller is (API.md §0, §1): gateway header, API keys in three places, and every way to fail. */
class AuthenticationHttpTest {
    private static final String UNKNOWN_KEY = "rpa_" + "A".repeat(43);
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** A 401 in the error envelope with a Bearer challenge. */
    private static void assertUnauthorized(Answer answer) {
        assertProblem(answer, 401, "unauthorized");
        String challenge = answer.header("WWW-Authenticate");
        assertNotNull(challenge, "WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer"), challenge);
    }

    private static String ownerSeenWith(Answer answer) {
        assertEquals(200, answer.status(), answer.raw().body());
        return answer.json().get("data").get("workflow").get("user_id").asString();
    }

    @Test
    void noCredentialsAre401WithABearerChallenge() {
        assertUnauthorized(api.get("/workflows"));
    }

    @Test
    void anUnknownKeyIs401() {
        assertUnauthorized(api.get("/workflows", "Authorization", "Bearer " + UNKNOWN_KEY));
    }

    @Test
    void aKeyOfTheWrongShapeIs401() {
        assertUnauthorized(api.get("/workflows", "X-API-Key", "not-a-key"));
    }

    @Test
    void aRevokedKeyIs401() {
        JsonNode key = api.post("/api-keys", "{\"name\": \"revoked\"}", as("u-auth-revoked")).json().get("data");
        api.delete("/api-keys/" + key.get("id").asString(), as("u-auth-revoked"));

        assertUnauthorized(api.get("/workflows", "Authorization", "Bearer " + key.get("api_key").asString()));
    }

    @Test
    void anExpiredKeyIs401AndLeavesTheKeyList() throws InterruptedException {
        Instant expiresAt = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
        Answer created = api.post("/api-keys", "{\"name\": \"brief\", \"expires_at\": \"" + expiresAt + "\"}",
                as("u-auth-expired"));
        assertEquals(201, created.status(), created.raw().body());
        String key = created.json().get("data").get("api_key").asString();
        assertEquals(200, api.get("/workflows", "X-API-Key", key).status());

        while (!Instant.now().isAfter(expiresAt.plusMillis(20))) {
            Thread.sleep(50);
        }

        assertUnauthorized(api.get("/workflows", "X-API-Key", key));
        assertEquals(0, api.get("/api-keys", as("u-auth-expired")).json().get("data").get("total").intValue());
    }

    @Test
    void basicAuthorizationIs401() {
        assertUnauthorized(api.get("/workflows", "Authorization", "Basic dXNlcjpwYXNz"));
    }

    @Test
    void bearerWithoutAKeyIs401() {
        assertUnauthorized(api.get("/workflows", "Authorization", "Bearer"));
    }

    @Test
    void aMalformedAuthorizationIs401EvenWithAGoodKeyElsewhere() {
        assertUnauthorized(api.get("/workflows", "Authorization", "Token abc", "X-API-Key", api.keyFor("u-auth-both")));
    }

    @Test
    void aPresentedButRejectedKeyIsChallengedAsAnInvalidToken() {
        Answer answer = api.get("/workflows", "Authorization", "Bearer " + UNKNOWN_KEY);

        assertTrue(answer.header("WWW-Authenticate").contains("error=\"invalid_token\""), answer.header("WWW-Authenticate"));
    }

    @Test
    void aRequestWithoutAKeyIsChallengedWithoutAnError() {
        Answer answer = api.get("/workflows");

        assertFalse(answer.header("WWW-Authenticate").contains("error="), answer.header("WWW-Authenticate"));
    }

    @Test
    void aTrustedUserHeaderWinsOverTheGatewaysOwnAuthorization() {
        api.post("/workflows/upsert", "{\"project_id\": \"auth-wins-1\", \"name\": \"Mine\"}", as("u-auth-wins"));

        Answer answer = api.get("/workflows/auth-wins-1", "X-User-Id", "u-auth-wins", "Authorization", "Bearer console-jwt");

        assertEquals("u-auth-wins", ownerSeenWith(answer));
    }

    @Test
    void aKeyWorksAsABearerToken() {
        assertEquals(200, api.get("/workflows", "Authorization", "Bearer " + api.keyFor("u-auth-bearer")).status());
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        assertEquals(200, api.get("/workflows", "Authorization", "bearer " + api.keyFor("u-auth-bearer")).status());
    }

    @Test
    void aKeyWorksInTheXApiKeyHeader() {
        assertEquals(200, api.get("/workflows", "X-API-Key", api.keyFor("u-auth-header")).status());
    }

    @Test
    void aKeyWorksAsTheKeyQueryParameter() {
        assertEquals(200, api.get("/workflows?key=" + api.keyFor("u-auth-query")).status());
    }

    @Test
    void aKeyActsAsItsOwner() {
        api.post("/workflows/upsert", "{\"project_id\": \"auth-owner-1\", \"name\": \"Mine\"}", as("u-auth-owner"));

        Answer answer = api.get("/workflows/auth-owner-1", "X-API-Key", api.keyFor("u-auth-owner"));

        assertEquals("u-auth-owner", ownerSeenWith(answer));
    }

    @Test
    void keyRoutesRefuseAnApiKeyWith403() {
        String key = api.keyFor("u-auth-minter");
        JsonNode own = api.post("/api-keys", "{\"name\": \"target\"}", as("u-auth-minter")).json().get("data");

        assertProblem(api.get("/api-keys", "Authorization", "Bearer " + key), 403, "forbidden");
        assertProblem(api.post("/api-keys", "{\"name\": \"minted\"}", "X-API-Key", key), 403, "forbidden");
        assertProblem(api.delete("/api-keys/" + own.get("id").asString() + "?key=" + key), 403, "forbidden");
        assertEquals(2, api.get("/api-keys", as("u-auth-minter")).json().get("data").get("total").intValue());
    }

    @Test
    void theUserIdHeaderAlternativeWorks() {
        api.post("/workflows/upsert", "{\"project_id\": \"auth-alt-1\", \"name\": \"Mine\"}", as("u-auth-alt"));

        assertEquals("u-auth-alt", ownerSeenWith(api.get("/workflows/auth-alt-1", "user_id", "u-auth-alt")));
    }

    @Test
    void aUserHeaderTooLongForAUserIdIs401() {
        assertUnauthorized(api.get("/workflows", "X-User-Id", "u".repeat(65)));
    }

    /** {@code AUTH_GATEWAY_SECRET} set: the user header counts only with the matching secret. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithAGatewaySecret {
        private TestApi guarded;

        @BeforeAll
        void start() {
            guarded = new TestApi(new AuthPolicy(true, "s3cret"));
        }

        @AfterAll
        void stop() {
            guarded.close();
        }

        @Test
        void theUserHeaderAloneIs401() {
            assertUnauthorized(guarded.get("/workflows", as("u-guarded")));
        }

        @Test
        void theUserHeaderWithAWrongSecretIs401() {
            assertUnauthorized(guarded.get("/workflows", "X-User-Id", "u-guarded", "X-Gateway-Secret", "guess"));
        }

        @Test
        void theUserHeaderWithTheSecretIsTrusted() {
            assertEquals(200, guarded.get("/workflows", "X-User-Id", "u-guarded", "X-Gateway-Secret", "s3cret").status());
        }

        @Test
        void aKeyStillWorks() {
            Answer created = guarded.post("/api-keys", "{\"name\": \"guarded\"}",
                    "X-User-Id", "u-guarded", "X-Gateway-Secret", "s3cret");
            assertEquals(201, created.status(), created.raw().body());

            Answer answer = guarded.get("/workflows", "X-API-Key", created.json().get("data").get("api_key").asString());

            assertEquals(200, answer.status(), answer.raw().body());
        }
    }

    /** {@code AUTH_TRUST_USER_HEADER=false}: the user header means nothing, keys still work. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutTrustInTheUserHeader {
        private UntrustingServer untrusting;

        @BeforeAll
        void start() {
            untrusting = new UntrustingServer("u-keyed");
        }

        @AfterAll
        void stop() {
            untrusting.close();
        }

        @Test
        void theUserHeaderIsIgnored() {
            assertUnauthorized(untrusting.get("/workflows", as("u-keyed")));
        }

        @Test
        void aKeyWorks() {
            assertEquals(200, untrusting.get("/workflows", "Authorization", "Bearer " + untrusting.key).status());
        }

        @Test
        void theUserHeaderDoesNotOverrideTheKeysOwner() {
            Answer created = untrusting.post("/workflows/upsert", "{\"project_id\": \"untrusted-1\", \"name\": \"Mine\"}",
                    "X-API-Key", untrusting.key, "X-User-Id", "u-impostor");

            assertEquals(201, created.status(), created.raw().body());
            assertEquals("u-keyed", created.json().get("data").get("workflow").get("user_id").asString());
        }

        @Test
        void keyRoutesRefuseTheKeyWith403() {
            assertProblem(untrusting.get("/api-keys", "X-API-Key", untrusting.key, "X-User-Id", "u-keyed"), 403,
                    "forbidden");
        }
    }

    /**
     * A server that never trusts the user header, holding one key minted directly through the use case (with no
     * trusted header, nobody can mint one over HTTP).
     */
    private static final class UntrustingServer implements AutoCloseable {
        private final TestApi server = new TestApi(new AuthPolicy(false, null));
        private final String key;

        UntrustingServer(String user) {
            this.key = server.mintKeyDirectly(user);
        }

        Answer get(String path, String... headers) {
            return server.get(path, headers);
        }

        Answer post(String path, String body, String... headers) {
            return server.post(path, body, headers);
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
