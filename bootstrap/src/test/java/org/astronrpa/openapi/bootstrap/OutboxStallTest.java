package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.astronrpa.openapi.application.events.OutboxRelay;
import org.astronrpa.openapi.domain.apikey.ApiKeyEvent;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class OutboxStallTest {
    private static final Instant T0 = Instant.parse("2026-04-01T12:00:00Z");
    private static final List<Outbox.Entry> CREATED = List.of(
            new Outbox.Entry(1, new ApiKeyEvent.Created("ev-1", "k1", new UserId("alice"), T0)));
    private static final List<Outbox.Entry> REVOKED = List.of(
            new Outbox.Entry(2, new ApiKeyEvent.Revoked("ev-2", "k1", new UserId("alice"), T0)));

    @Test
    void unsetThereIsNoFault() {
        assertSame(OutboxRelay.FaultInjection.NONE, OutboxStall.of(null));
        assertSame(OutboxRelay.FaultInjection.NONE, OutboxStall.of(" "));
        assertSame(OutboxRelay.FaultInjection.NONE, OutboxStall.fromSystemProperty(), "never set in the tests' JVM");
    }

    @Test
    void aValueItDoesNotKnowStopsStartUpNamingTheProperty() {
        for (String bad : List.of("after-claims", "before-claim", "after-claim:", "after-claim:Com pleted")) {
            String message = assertThrows(ConfigException.class, () -> OutboxStall.of(bad)).getMessage();
            assertTrue(message.startsWith(OutboxStall.PROPERTY + " "), message);
        }
    }

    @Test
    void afterClaimItStallsOnTheFirstBatchHoldingTheNamedEventUntilInterrupted() throws Exception {
        OutboxRelay.FaultInjection stall = OutboxStall.of("after-claim:Revoked");
        stall.afterClaim(CREATED);
        stall.afterPublish(REVOKED);
        assertStalls(stall::afterClaim, REVOKED);
    }

    @Test
    void afterPublishWithoutATypeItStallsOnAnyEvent() throws Exception {
        OutboxRelay.FaultInjection stall = OutboxStall.of("after-publish");
        stall.afterClaim(CREATED);
        stall.afterPublish(List.of());
        assertStalls(stall::afterPublish, CREATED);
    }

    private static void assertStalls(Consumer<List<Outbox.Entry>> point, List<Outbox.Entry> batch) throws Exception {
        Thread[] relay = new Thread[1];
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        relay[0] = Thread.ofPlatform().daemon().start(() -> {
            try {
                point.accept(batch);
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        });
        assertThrows(TimeoutException.class, () -> ended.get(300, TimeUnit.MILLISECONDS), "it stalls");
        relay[0].interrupt();
        Throwable failure = ended.get(5, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, failure, "an interrupted stall never lets the relay go on");
        relay[0].join(Duration.ofSeconds(5));
        assertFalse(relay[0].isAlive());
    }
}
