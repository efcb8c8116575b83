package org.astronrpa.openapi.domain.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.astronrpa.openapi.domain.shared.UserId;
import org.junit.jupiter.api.Test;

class WebhookTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final SigningSecret FIRST = new SigningSecret("whsec_first-0123456789abcdef");
    private static final SigningSecret SECOND = new SigningSecret("whsec_second-0123456789abcdef");
    private final Webhook webhook = Webhook.create(new WebhookId("w-1"), new UserId("alice"),
            WebhookDefinition.checked("https://h.example/", List.of("*"), null, null, false), FIRST, T0);

    @Test
    void aRotatedSecretSignsBesideTheNewOneUntilItsOverlapEnds() {
        Webhook rotated = webhook.rotate(SECOND, Duration.ofHours(1), T0.plusSeconds(10));
        assertEquals(List.of(SECOND, FIRST), rotated.secretsAt(T0.plusSeconds(11)));
        assertEquals(List.of(SECOND), rotated.secretsAt(T0.plusSeconds(10).plus(Duration.ofHours(1))));
        assertEquals(List.of(SECOND), webhook.rotate(SECOND, Duration.ZERO, T0).secretsAt(T0), "no overlap");
        assertEquals(2, rotated.revision());
    }

    @Test
    void failuresInARowDisableAtTheLimitAndASuccessStartsThemAgain() {
        Webhook once = webhook.deliveryFailed(3, T0);
        Webhook twice = once.deliveryFailed(3, T0);
        assertTrue(twice.isActive());
        assertEquals(2, twice.consecutiveFailures());
        assertEquals(0, twice.delivered(T0).consecutiveFailures());
        assertSame(webhook, webhook.delivered(T0), "nothing to store when there were none");
        Webhook off = twice.deliveryFailed(3, T0);
        assertFalse(off.isActive());
        assertEquals("3 deliveries in a row failed", off.disabledReason());
        assertTrue(off.revision() > twice.revision());
    }

    @Test
    void turnedOnAgainByItsOwnerItStartsAfresh() {
        Webhook off = webhook.disabled("the receiver answered 410 Gone", T0);
        Webhook on = off.redefine(WebhookDefinition.checked("https://h.example/", List.of("*"), null, true, false), T0);
        assertTrue(on.isActive());
        assertNull(on.disabledReason());
        assertEquals(0, on.consecutiveFailures());
    }
}
