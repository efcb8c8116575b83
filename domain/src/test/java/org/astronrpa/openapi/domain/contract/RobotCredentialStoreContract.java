package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.astronrpa.openapi.domain.robot.RobotCredential;
import org.astronrpa.openapi.domain.robot.RobotCredentialStore;
import org.astronrpa.openapi.domain.robot.RobotEnrollment;
import org.astronrpa.openapi.domain.robot.RobotId;
import org.astronrpa.openapi.domain.robot.RobotLabels;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store of enrollment tokens and robot credentials does. */
public abstract class RobotCredentialStoreContract {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123Z");
    private static final String HASH = "a".repeat(64);

    protected RobotCredentialStore store;

    protected abstract RobotCredentialStore emptyStore();

    @BeforeEach
    void setUp() {
        store = emptyStore();
    }

    private static RobotEnrollment enrollment(String hash, RobotId robot) {
        return new RobotEnrollment(hash, ALICE, robot, robot == null ? null : "前台",
                RobotLabels.of("labels", Map.of("os", "windows")), T0, T0.plusSeconds(900));
    }

    @Test
    void aTokenIsRedeemedOnceBeforeItExpiresWithWhatItWasIssuedWith() {
        store.addEnrollment(enrollment(HASH, new RobotId("Desk-1")));
        store.addEnrollment(enrollment("b".repeat(64), null));
        store.addEnrollment(enrollment("c".repeat(64), null));

        assertEquals(Optional.of(enrollment(HASH, new RobotId("Desk-1"))), store.findEnrollment(HASH));
        assertEquals(Optional.of(enrollment(HASH, new RobotId("Desk-1"))), store.redeem(HASH, T0.plusSeconds(1)));
        assertEquals(Optional.of(enrollment(HASH, new RobotId("Desk-1"))), store.findEnrollment(HASH), "found, used");
        assertEquals(Optional.empty(), store.redeem(HASH, T0.plusSeconds(2)), "a token is used once");
        assertEquals(Optional.of(enrollment("b".repeat(64), null)), store.redeem("b".repeat(64), T0.plusSeconds(899)));
        assertEquals(Optional.empty(), store.redeem("c".repeat(64), T0.plusSeconds(900)), "expired");
        assertEquals(Optional.empty(), store.redeem("d".repeat(64), T0), "unknown");
        assertEquals(Optional.empty(), store.redeem(HASH.toUpperCase(), T0), "hashes compare exactly");
    }

    @Test
    void ofConcurrentRedemptionsOfOneTokenOneWins() throws Exception {
        store.addEnrollment(enrollment(HASH, null));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Optional<RobotEnrollment>>> tries = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tries.add(pool.submit(() -> store.redeem(HASH, T0.plusSeconds(1))));
            }
            long won = 0;
            for (Future<Optional<RobotEnrollment>> t : tries) {
                won += t.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, won);
        }
    }

    @Test
    void credentialsAreFoundByHashAndRevokedWithTheirRobotOnly() {
        RobotCredential desk = new RobotCredential("c-1", ALICE, new RobotId("desk-1"), HASH, "rpar_abcdefgh", T0, null);
        RobotCredential again = new RobotCredential("c-2", ALICE, new RobotId("desk-1"), "b".repeat(64), "rpar_b", T0, null);
        RobotCredential other = new RobotCredential("c-3", ALICE, new RobotId("desk-2"), "c".repeat(64), "rpar_c", T0, null);
        RobotCredential bobs = new RobotCredential("c-4", BOB, new RobotId("desk-1"), "d".repeat(64), "rpar_d", T0, null);
        List.of(desk, again, other, bobs).forEach(store::addCredential);

        assertEquals(Optional.of(desk), store.findCredential(HASH));
        assertEquals(Optional.empty(), store.findCredential("e".repeat(64)));
        assertEquals(2, store.revokeCredentials(ALICE, new RobotId("desk-1"), T0.plusSeconds(5)));
        assertEquals(0, store.revokeCredentials(ALICE, new RobotId("desk-1"), T0.plusSeconds(6)), "revoked once");
        assertEquals(T0.plusSeconds(5), store.findCredential(HASH).orElseThrow().revokedAt());
        assertTrue(store.findCredential("c".repeat(64)).orElseThrow().revokedAt() == null, "another robot's stays");
        assertTrue(store.findCredential("d".repeat(64)).orElseThrow().revokedAt() == null, "another owner's stays");
    }
}
