package org.astronrpa.openapi.domain.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final RetryPolicy POLICY = RetryPolicy.DEFAULT;
    private final Delivery delivery = Delivery.toWebhook("d-1", Webhook.create(new WebhookId("w-1"),
            new UserId("alice"), new WebhookDefinition(URI.create("https://hooks.example.com/"), Set.of("*"), Set.of(),
                    true), new SigningSecret("whsec_0123456789abcdefghij"), T0), "ev-1", "execution.completed", "{}",
            T0);

    private static AttemptResult answered(int status) {
        return new AttemptResult.Responded(status, "", Optional.empty(), Duration.ofMillis(3));
    }

    @Test
    void aTwoHundredSomethingDelivers() {
        for (int status : new int[] {200, 201, 202, 204, 299}) {
            assertInstanceOf(RetryPolicy.Verdict.Delivered.class, POLICY.decide(delivery, 1, answered(status), T0, 0.5));
        }
    }

    @Test
    void goneFailsForGoodAndSaysSo() {
        var verdict = assertInstanceOf(RetryPolicy.Verdict.Failed.class, POLICY.decide(delivery, 1, answered(410), T0,
                0.5));
        assertTrue(verdict.gone());
    }

    @Test
    void timeoutsThrottlingServerErrorsAndNoAnswerAreRetriedWithDoublingWaits() {
        for (AttemptResult result : new AttemptResult[] {answered(408), answered(429), answered(500), answered(503),
                new AttemptResult.Unreachable("the connection was refused", Duration.ZERO)}) {
            var first = assertInstanceOf(RetryPolicy.Verdict.RetryAt.class, POLICY.decide(delivery, 1, result, T0,
                    0.5));
            assertEquals(T0.plusSeconds(5), first.at(), "the first wait, jitter in the middle");
            var third = assertInstanceOf(RetryPolicy.Verdict.RetryAt.class, POLICY.decide(delivery, 3, result, T0,
                    0.5));
            assertEquals(T0.plusSeconds(20), third.at());
        }
    }

    @Test
    void jitterScattersAWaitByAtMostAFifthEitherWay() {
        assertEquals(Duration.ofSeconds(4), POLICY.backoff(1, 0.0));
        assertEquals(Duration.ofMillis(5980), POLICY.backoff(1, 0.99));
        assertEquals(Duration.ofHours(1), POLICY.backoff(30, 0.5), "at most an hour");
        assertEquals(Duration.ofHours(1), POLICY.backoff(5_000, 0.5), "no overflow");
    }

    @Test
    void retryAfterIsHonouredWhenLongerThanTheBackoff() {
        var longer = new AttemptResult.Responded(429, "", Optional.of(Duration.ofMinutes(3)), Duration.ZERO);
        assertEquals(T0.plusSeconds(180), assertInstanceOf(RetryPolicy.Verdict.RetryAt.class,
                POLICY.decide(delivery, 1, longer, T0, 0.5)).at());
        var shorter = new AttemptResult.Responded(503, "", Optional.of(Duration.ofSeconds(1)), Duration.ZERO);
        assertEquals(T0.plusSeconds(5), assertInstanceOf(RetryPolicy.Verdict.RetryAt.class,
                POLICY.decide(delivery, 1, shorter, T0, 0.5)).at());
    }

    @Test
    void aRetryAfterBeyondTheWindowEndsTheRetriesInsteadOfOverflowingTheClock() {
        var forever = new AttemptResult.Responded(503, "", Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 2)),
                Duration.ZERO);
        assertInstanceOf(RetryPolicy.Verdict.Failed.class, POLICY.decide(delivery, 1, forever, T0, 0.5));
    }

    @Test
    void otherAnswersAndRefusedAddressesFailAtOnce() {
        for (int status : new int[] {100, 301, 302, 400, 401, 403, 404, 422}) {
            var failed = assertInstanceOf(RetryPolicy.Verdict.Failed.class, POLICY.decide(delivery, 1,
                    answered(status), T0, 0.5));
            assertFalse(failed.gone());
            assertTrue(failed.reason().contains(Integer.toString(status)), failed.reason());
        }
        assertInstanceOf(RetryPolicy.Verdict.Failed.class, POLICY.decide(delivery, 1,
                new AttemptResult.Refused("loopback"), T0, 0.5));
    }

    @Test
    void retriesStopOnceTheWindowWouldBePassed() {
        Instant late = T0.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(30));
        var failed = assertInstanceOf(RetryPolicy.Verdict.Failed.class, POLICY.decide(delivery, 20, answered(500),
                late, 0.5));
        assertTrue(failed.reason().contains("given up"), failed.reason());
        assertInstanceOf(RetryPolicy.Verdict.RetryAt.class, POLICY.decide(delivery.redelivered(late), 20,
                answered(500), late, 0.5), "a redelivery has a window of its own");
    }
}
