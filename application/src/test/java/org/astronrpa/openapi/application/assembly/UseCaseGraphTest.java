package org.astronrpa.openapi.application.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronrpa.openapi.application.TestClock;
import org.astronrpa.openapi.application.apikey.CreateApiKeyCommand;
import org.astronrpa.openapi.application.apikey.IssuedApiKey;
import org.astronrpa.openapi.application.auth.Caller;
import org.astronrpa.openapi.application.auth.Credentials;
import org.astronrpa.openapi.application.memory.InMemoryApiKeyStore;
import org.astronrpa.openapi.application.memory.InMemoryPorts;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.apikey.ApiKeyHasher;
import org.astronrpa.openapi.domain.apikey.ApiKeyName;
import org.astronrpa.openapi.domain.apikey.ApiKeyRejected;
import org.astronrpa.openapi.domain.ratelimit.RateLimited;
import org.astronrpa.openapi.domain.ratelimit.RateLimiter;
import org.astronrpa.openapi.domain.shared.DependencyProbe;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

/** The choices of {@link UseCaseGraph.Settings} reach the use cases they are for. */
class UseCaseGraphTest {
    private static final UserId ALICE = new UserId("alice");
    private final TestClock clock = new TestClock();
    private final AtomicInteger ids = new AtomicInteger();
    /** The store as every instance shares it: a revocation on another instance lands here. */
    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();

    private Ports.Builder ports() {
        return InMemoryPorts.builder(clock, () -> "id-" + ids.incrementAndGet())
                .apiKeys(keys)
                .parameterChecks(org.astronrpa.openapi.domain.workflow.ParametersSchema::new,
                        (schema, params) -> List.of())
                .random(new java.security.SecureRandom()::nextBytes)
                .hasher(ApiKeyHasher.withPepper("use case graph test pepper"));
    }

    private static Credentials bearer(IssuedApiKey key) {
        return new Credentials(null, null, "Bearer " + key.secret().reveal(), null, null);
    }

    private static IssuedApiKey issue(UseCaseGraph graph) {
        return graph.createApiKey().create(new CreateApiKeyCommand(ALICE, new ApiKeyName("k"), null,
                org.astronrpa.openapi.domain.apikey.KeyGrant.FULL));
    }

    @Test
    void withAKeyCacheAKeyRevokedElsewhereWorksUntilItsRevocationIsAnnouncedButTheStoppedKeyCheckSeesItAtOnce() {
        Ports ports = ports().build();
        UseCaseGraph graph = UseCaseGraph.build(ports,
                UseCaseGraph.Settings.builder().apiKeyCacheTtl(Duration.ofMinutes(5)).build());
        IssuedApiKey key = issue(graph);
        assertEquals(ALICE, graph.authenticate().authenticate(bearer(key)).userId());

        keys.revoke(key.key().id(), ALICE, clock.now());   // on another instance, whose announcement is still on its way

        assertEquals(ALICE, graph.authenticate().authenticate(bearer(key)).userId(), "the cache still believes it");
        assertEquals(Set.of(key.key().id()), graph.findStoppedKeys().among(List.of(key.key().id())),
                "the open sockets' check reads past the cache");
        ports.cluster().revocations().announce(
                new ApiKeyEvent.Revoked("revoked-elsewhere", key.key().id(), ALICE, clock.now()));
        assertThrows(ApiKeyRejected.class, () -> graph.authenticate().authenticate(bearer(key)));
    }

    @Test
    void withoutAKeyCacheARevokedKeyStopsWorkingAtOnce() {
        UseCaseGraph graph = UseCaseGraph.build(ports().build(), UseCaseGraph.Settings.builder().build());
        IssuedApiKey key = issue(graph);
        graph.authenticate().authenticate(bearer(key));

        keys.revoke(key.key().id(), ALICE, clock.now());

        assertThrows(ApiKeyRejected.class, () -> graph.authenticate().authenticate(bearer(key)));
    }

    @Test
    void aRequestLimitRefusesTheRequestPastTheBudgetAndNoLimitAdmitsEveryOne() {
        Caller alice = new Caller(ALICE, Caller.Method.GATEWAY, null);
        UseCaseGraph limited = UseCaseGraph.build(ports().build(),
                UseCaseGraph.Settings.builder().requestLimit(new RateLimiter.Limit(60, 2)).build());
        limited.limitRequests().admit(alice);
        limited.limitRequests().admit(alice);
        assertThrows(RateLimited.class, () -> limited.limitRequests().admit(alice));

        UseCaseGraph unlimited = UseCaseGraph.build(ports().build(), UseCaseGraph.Settings.builder().build());
        for (int i = 0; i < 100; i++) {
            assertTrue(unlimited.limitRequests().admit(alice).isEmpty());
        }
    }

    @Test
    void theHealthCheckAsksThePortsProbesAndNamesTheDependenciesTheSettingsLeaveOut() {
        DependencyProbe database = new DependencyProbe() {
            public String name() {
                return "database";
            }

            public boolean required() {
                return true;
            }

            public boolean isUp() {
                return false;
            }
        };
        UseCaseGraph graph = UseCaseGraph.build(ports().probes(List.of(database)).build(),
                UseCaseGraph.Settings.builder().disabledDependencies(List.of("redis")).build());

        var report = graph.checkHealth().check();

        assertEquals(java.util.Map.of("database", "DOWN", "redis", "DISABLED"), report.checks());
        assertEquals(false, report.up());
    }

    @Test
    void aPortLeftOutIsNamed() {
        assertEquals("random", assertThrows(NullPointerException.class,
                () -> InMemoryPorts.builder(clock, () -> "x").build()).getMessage());
        assertEquals("workflows", assertThrows(NullPointerException.class,
                () -> Ports.builder().build()).getMessage());
    }
}
