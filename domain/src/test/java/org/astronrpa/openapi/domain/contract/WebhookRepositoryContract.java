package org.astronrpa.openapi.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.Attempt;
import org.astronrpa.openapi.domain.webhook.AttemptResult;
import org.astronrpa.openapi.domain.webhook.Delivery;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.SigningSecret;
import org.astronrpa.openapi.domain.webhook.Webhook;
import org.astronrpa.openapi.domain.webhook.WebhookDefinition;
import org.astronrpa.openapi.domain.webhook.WebhookId;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link WebhookRepository} must do; subclassed once per adapter. */
public abstract class WebhookRepositoryContract {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final UserId CAROL = new UserId("carol");
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:30.123Z");

    private WebhookRepository repository;
    private DeliveryRepository deliveries;

    /** A repository with no subscriptions in it. */
    protected abstract WebhookRepository emptyRepository();

    /** The deliveries of the same store, called after {@link #emptyRepository()}: a deletion takes its own along. */
    protected abstract DeliveryRepository deliveries();

    /**
     * The secrets as the store holds them (current, then previous: null when none), where it holds them as text; empty
     * for a store that keeps the objects (in memory).
     */
    protected Optional<List<String>> storedSecrets(WebhookId id) {
        return Optional.empty();
    }

    @BeforeEach
    void setUp() {
        repository = emptyRepository();
        deliveries = deliveries();
    }

    private static SigningSecret secret(char fill) {
        return new SigningSecret("whsec_" + String.valueOf(fill).repeat(43));
    }

    private static Webhook webhook(String id, UserId owner, Instant created) {
        return Webhook.create(new WebhookId(id), owner, WebhookDefinition.checked("https://hooks.example.com/" + id,
                List.of("execution.completed"), null, null, false), secret('a'), created);
    }

    @Test
    void aStoredWebhookIsReadBackWithEveryField() {
        WebhookDefinition everything = WebhookDefinition.checked("https://hooks.example.com/in?x=1&y=%C3%A9",
                List.of("robot.online", "*", "execution.completed"), List.of("Invoice-Run", "a,b", "🤖-Bot",
                        "\"quoted\" [1]"), true, false);
        Webhook full = Webhook.create(new WebhookId("w-full"), ALICE, everything, secret('a'), T0)
                .rotate(secret('b'), Duration.ofHours(24), T0.plusSeconds(5))
                .deliveryFailed(3, T0.plusSeconds(6))
                .disabled("the receiver answered 410 Gone", T0.plusSeconds(7));
        Webhook bare = Webhook.create(new WebhookId("w-bare"), BOB, WebhookDefinition.checked(
                "http://10.0.0.7:8080/hook", List.of("execution.failed"), null, false, true), secret('c'), T0);
        repository.insert(full);
        repository.insert(bare);
        Webhook read = repository.find(full.id()).orElseThrow();
        assertEquals(full, read);
        assertEquals(Set.of("invoice-run", "a,b", "🤖-bot", "\"quoted\" [1]"), read.definition().projectIds());
        assertEquals(List.of(secret('b'), secret('a')), read.secretsAt(T0.plusSeconds(8)));
        assertEquals(bare, repository.find(bare.id()).orElseThrow());
        assertTrue(repository.find(new WebhookId("nope")).isEmpty());
    }

    @Test
    void theSecretsAreReadBackButNotStoredAsTheyAre() {
        Webhook rotated = webhook("w-1", ALICE, T0).rotate(secret('z'), Duration.ofMinutes(5), T0.plusSeconds(1));
        repository.insert(rotated);
        Webhook read = repository.find(rotated.id()).orElseThrow();
        assertEquals(secret('z'), read.secret());
        assertEquals(secret('a'), read.previousSecret());
        storedSecrets(rotated.id()).ifPresent(stored -> {
            assertEquals(2, stored.size());
            for (String sealed : stored) {
                assertTrue(sealed.startsWith("v1."), "sealed");
                for (char plain : new char[] {'a', 'z'}) {
                    assertFalse(sealed.contains(String.valueOf(plain).repeat(20)), "no secret in the clear");
                }
            }
        });
        Webhook unrotated = read.rotate(secret('y'), Duration.ZERO, T0.plusSeconds(2));
        repository.update(read, unrotated);
        assertEquals(unrotated, repository.find(rotated.id()).orElseThrow());
        storedSecrets(rotated.id()).ifPresent(stored -> assertEquals(null, stored.get(1)));
    }

    @Test
    void aChangeFromAStaleRevisionIsRefused() {
        Webhook w = webhook("w-1", ALICE, T0);
        repository.insert(w);
        Webhook off = w.redefine(new WebhookDefinition(w.definition().url(), Set.of("*"), Set.of(), false),
                T0.plusSeconds(1));
        repository.update(w, off);
        assertThrows(ConcurrentUpdate.class, () -> repository.update(w, w.deliveryFailed(5, T0.plusSeconds(2))));
        assertEquals(off, repository.find(w.id()).orElseThrow());
        assertTrue(repository.delete(w.id()));
        assertFalse(repository.delete(w.id()));
        assertThrows(ConcurrentUpdate.class, () -> repository.update(off, off.deliveryFailed(5, T0.plusSeconds(3))));
    }

    @Test
    void deletingAWebhookDeletesItsDeliveriesAndTheirAttempts() {
        Webhook gone = webhook("w-gone", ALICE, T0);
        Webhook kept = webhook("w-kept", ALICE, T0);
        repository.insert(gone);
        repository.insert(kept);
        List<Delivery> made = List.of(
                Delivery.toWebhook("d-gone", gone, "ev-1", "execution.completed", "{}", T0),
                Delivery.toWebhook("d-kept", kept, "ev-1", "execution.completed", "{}", T0),
                Delivery.toCallback("d-callback", "x-1", "https://cb.example.com/", ALICE, "ev-1",
                        "execution.completed", "{}", T0));
        assertEquals(3, deliveries.addAll(made));
        for (Delivery claimed : deliveries.claim("i-1", T0, Duration.ofMinutes(1), 10)) {
            Attempt ok = Attempt.of(1, T0.plusSeconds(1), new AttemptResult.Responded(200, "ok", Optional.empty(),
                    Duration.ofMillis(9)));
            assertTrue(deliveries.attempted(claimed.after(ok, Delivery.Status.DELIVERED, null, T0.plusSeconds(1)),
                    "i-1"));
        }
        assertTrue(repository.delete(gone.id()));
        assertTrue(deliveries.find("d-gone").isEmpty());
        assertEquals(List.of(), deliveries.attempts("d-gone", 10));
        assertTrue(deliveries.find("d-kept").isPresent());
        assertEquals(1, deliveries.attempts("d-kept", 10).size());
        assertTrue(deliveries.find("d-callback").isPresent());
        assertEquals(1, deliveries.attempts("d-callback", 10).size());
        assertEquals(Optional.of(kept), repository.find(kept.id()));
    }

    @Test
    void theOwnersWebhooksNewestFirstByPageOrPosition() {
        for (int i = 0; i < 5; i++) {
            repository.insert(webhook("w-" + i, ALICE, T0.plusSeconds(i)));
        }
        repository.insert(webhook("w-tie", ALICE, T0.plusSeconds(2)));
        repository.insert(webhook("w-bob", BOB, T0.plusSeconds(9)));
        Page<Webhook> first = repository.page(ALICE, new PageRequest(1, 2));
        assertEquals(6L, first.total());
        assertEquals(List.of("w-4", "w-3"), ids(first.records()));
        Page<Webhook> next = repository.page(ALICE, PageRequest.after(first.next(), 2));
        assertEquals(List.of("w-tie", "w-2"), ids(next.records()));
        assertEquals(List.of("w-1", "w-0"), ids(repository.page(ALICE, PageRequest.after(next.next(), 2)).records()));
        assertEquals(List.of("w-tie", "w-2"), ids(repository.page(ALICE, new PageRequest(2, 2)).records()));
        Page<Webhook> last = repository.page(ALICE, new PageRequest(2, 4));
        assertEquals(List.of("w-1", "w-0"), ids(last.records()));
        assertEquals(null, last.next());
        assertEquals(1L, repository.page(BOB, PageRequest.FIRST).total());
        assertEquals(0L, repository.page(CAROL, PageRequest.FIRST).total());
    }

    @Test
    void theActiveWebhooksOfSomeOwnersAreFound() {
        Webhook on = webhook("w-on", ALICE, T0);
        Webhook off = webhook("w-off", ALICE, T0.plusSeconds(1));
        Webhook bobs = webhook("w-bob", BOB, T0.plusSeconds(2));
        Webhook carols = webhook("w-carol", CAROL, T0.plusSeconds(3));
        for (Webhook w : List.of(on, off, bobs, carols)) {
            repository.insert(w);
        }
        Webhook disabled = off.disabled("3 deliveries in a row failed", T0.plusSeconds(5));
        repository.update(off, disabled);
        assertEquals(Set.of("w-on", "w-bob"), Set.copyOf(ids(repository.activeOf(List.of(ALICE, BOB)))));
        assertEquals(List.of(carols), repository.activeOf(Set.of(CAROL)));
        assertEquals(List.of(), repository.activeOf(List.of()));
        assertEquals(List.of(), repository.activeOf(List.of(new UserId("dave"))));
        repository.update(disabled, disabled.redefine(new WebhookDefinition(off.definition().url(),
                off.definition().topics(), Set.of(), true), T0.plusSeconds(6)));
        assertEquals(Set.of("w-on", "w-off"), repository.activeOf(List.of(ALICE)).stream()
                .map(w -> w.id().value()).collect(Collectors.toSet()));
    }

    private static List<String> ids(List<Webhook> webhooks) {
        return webhooks.stream().map(w -> w.id().value()).toList();
    }
}
