package org.astronrpa.openapi.application.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.RandomSource;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.Attempt;
import org.astronrpa.openapi.domain.webhook.Delivery;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.SigningSecret;
import org.astronrpa.openapi.domain.webhook.Webhook;
import org.astronrpa.openapi.domain.webhook.WebhookBodies;
import org.astronrpa.openapi.domain.webhook.WebhookDefinition;
import org.astronrpa.openapi.domain.webhook.WebhookEvent;
import org.astronrpa.openapi.domain.webhook.WebhookId;
import org.astronrpa.openapi.domain.webhook.WebhookNotFound;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;

/**
 * The caller's webhook subscriptions and their delivery logs: made, read, changed, deleted, their secret rotated,
 * pinged, a delivery sent again. Another user's subscription is not found, like a missing one.
 */
public final class ManageWebhooks {
    /** What a subscription's fields are, as given (null: not given). */
    public record Input(String url, List<String> events, List<String> projectIds, Boolean active) {
    }

    /** A new subscription and its secret, shown this once. */
    public record Created(Webhook webhook, SigningSecret secret) {
    }

    /** A delivery and its latest attempts, newest first. */
    public record DeliveryLog(Delivery delivery, List<Attempt> attempts) {
    }

    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final WebhookBodies bodies;
    private final IdGenerator ids;
    private final RandomSource random;
    private final TimeSource time;
    private final WebhookSettings settings;
    private final Runnable nudge;
    private final CallbackSecrets callbackSecrets;
    private final org.astronrpa.openapi.domain.shared.Transactions transactions;
    private final org.astronrpa.openapi.domain.shared.DomainEvents events;

    /**
     * @param nudge  tells the delivery worker that a delivery is due now (a ping, a redelivery)
     * @param events where a subscription's changes are recorded ({@code webhook.created}, …), in their transaction
     */
    public ManageWebhooks(WebhookRepository webhooks, DeliveryRepository deliveries, WebhookBodies bodies,
                          IdGenerator ids, RandomSource random, TimeSource time, WebhookSettings settings,
                          Runnable nudge, CallbackSecrets callbackSecrets,
                          org.astronrpa.openapi.domain.shared.Transactions transactions,
                          org.astronrpa.openapi.domain.shared.DomainEvents events) {
        this.callbackSecrets = callbackSecrets;
        this.transactions = transactions;
        this.events = events;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.bodies = bodies;
        this.ids = ids;
        this.random = random;
        this.time = time;
        this.settings = settings;
        this.nudge = Objects.requireNonNull(nudge, "nudge");
    }

    public Created create(UserId caller, Input input) {
        WebhookDefinition definition = WebhookDefinition.checked(input.url(), input.events(), input.projectIds(),
                input.active(), settings.allowHttp());
        SigningSecret secret = SigningSecret.generate(random);
        Instant now = time.now();
        Webhook webhook = Webhook.create(new WebhookId(ids.newId()), caller, definition, secret, now);
        return recorded(() -> {
            webhooks.insert(webhook);
            return new Created(webhook, secret);
        }, webhook, WebhookEvent.Changed.Change.CREATED, now);
    }

    public Webhook get(UserId caller, String id) {
        return owned(caller, id);
    }

    public Page<Webhook> list(UserId caller, PageRequest page) {
        return webhooks.page(caller, page);
    }

    /** Changes the fields given; the others stay. Turned on again, a disabled subscription starts afresh. */
    public Webhook update(UserId caller, String id, Input input) {
        // the service changes a subscription too (its failures counted): a lost race is decided again
        return org.astronrpa.openapi.application.change.LostRaces.retry(() -> {
            Webhook current = owned(caller, id);
            WebhookDefinition was = current.definition();
            WebhookDefinition next = WebhookDefinition.checked(
                    input.url() != null ? input.url() : was.url().toString(),
                    input.events() != null ? input.events() : was.orderedTopics(),
                    input.projectIds() != null ? input.projectIds() : List.copyOf(was.projectIds()),
                    input.active() != null ? input.active() : was.active(), settings.allowHttp());
            Instant now = time.now();
            Webhook changed = current.redefine(next, now);
            return recorded(() -> {
                webhooks.update(current, changed);
                return changed;
            }, changed, WebhookEvent.Changed.Change.UPDATED, now);
        });
    }

    public void delete(UserId caller, String id) {
        Webhook webhook = owned(caller, id);
        Instant now = time.now();
        recorded(() -> {
            if (!webhooks.delete(webhook.id())) {
                throw new WebhookNotFound("webhook", id);   // deleted meanwhile: nothing is recorded
            }
            return webhook;
        }, webhook, WebhookEvent.Changed.Change.DELETED, now);
    }

    /**
     * A new secret, shown this once; the current one keeps signing beside it for {@code overlapSeconds} (the
     * default when null, none when 0).
     */
    public Created rotateSecret(UserId caller, String id, Long overlapSeconds) {
        Duration overlap = overlap(overlapSeconds);
        SigningSecret secret = SigningSecret.generate(random);
        return org.astronrpa.openapi.application.change.LostRaces.retry(() -> {
            Webhook current = owned(caller, id);
            Instant now = time.now();
            Webhook rotated = current.rotate(secret, overlap, now);
            return recorded(() -> {
                webhooks.update(current, rotated);
                return new Created(rotated, secret);
            }, rotated, WebhookEvent.Changed.Change.SECRET_ROTATED, now);
        });
    }

    /**
     * Runs {@code write} and records that its owner made {@code change} to {@code webhook} (as the write stores it; as
     * it was, for a deletion), in one transaction: what the write gives.
     */
    private <T> T recorded(java.util.function.Supplier<T> write, Webhook webhook, WebhookEvent.Changed.Change change,
                           Instant now) {
        return transactions.atomically(() -> {
            T written = write.get();
            events.record(WebhookEvent.Changed.of(ids.newId(), webhook, change, now));
            return written;
        });
    }

    private Duration overlap(Long overlapSeconds) {
        if (overlapSeconds == null) {
            return settings.rotationOverlap();
        }
        if (overlapSeconds < 0 || overlapSeconds > WebhookSettings.MAX_OVERLAP.toSeconds()) {
            throw InvalidInput.of("overlap_seconds", "0.." + WebhookSettings.MAX_OVERLAP.toSeconds()
                    + " (how long the current secret keeps signing beside the new one)");
        }
        return Duration.ofSeconds(overlapSeconds);
    }

    /**
     * A start request's callback, checked ({@code http} URLs only with WEBHOOK_ALLOW_HTTP).
     *
     * @param events null: the execution's end, however it ends
     * @throws InvalidInput naming {@code callback.url} or {@code callback.events}
     */
    public org.astronrpa.openapi.domain.execution.ExecutionCallback checkedCallback(String url, List<String> events) {
        return org.astronrpa.openapi.domain.execution.ExecutionCallback.checked(url, events, settings.allowHttp());
    }

    /** The caller's callback secret (what signs their executions' callbacks), made now if they had none. */
    public org.astronrpa.openapi.domain.webhook.CallbackSecret callbackSecret(UserId caller) {
        return callbackSecrets.of(caller);
    }

    /** A new callback secret; the current one keeps signing beside it for {@code overlapSeconds} (as above). */
    public org.astronrpa.openapi.domain.webhook.CallbackSecret rotateCallbackSecret(UserId caller,
                                                                                   Long overlapSeconds) {
        return callbackSecrets.rotate(caller, overlap(overlapSeconds));
    }

    /**
     * Sends the subscription a {@code webhook.ping} now (through the delivery log, like any event, whether or not it
     * is active): the delivery made.
     */
    public Delivery ping(UserId caller, String id) {
        Webhook webhook = owned(caller, id);
        Instant now = time.now();
        String eventId = ids.newId();
        Delivery delivery = Delivery.toWebhook(ids.newId(), webhook, eventId, PING,
                bodies.render(PING, new Ping(eventId, webhook.id(), now)), now);
        deliveries.addAll(List.of(delivery));
        nudge.run();
        return delivery;
    }

    /** A redelivery asked for while an instance holds the delivery (409): one attempt at a time. */
    public static final class DeliveryBusy extends org.astronrpa.openapi.domain.shared.Conflict {
        DeliveryBusy(String id) {
            super("delivery '" + id + "' is being attempted now; ask again once its attempt is over");
        }
    }

    /** The topic of a ping: sent on request only, never subscribed to. */
    public static final String PING = "webhook.ping";

    /** What a ping carries: the subscription it tests. */
    public record Ping(String eventId, WebhookId webhookId, Instant occurredAt)
            implements org.astronrpa.openapi.domain.shared.DomainEvent {
        @Override
        public String aggregateType() {
            return "webhook";
        }

        @Override
        public String aggregateId() {
            return webhookId.value();
        }

        @Override
        public long sequence() {
            return 0;
        }
    }

    public Page<Delivery> deliveries(UserId caller, String id, String status, PageRequest page) {
        Delivery.Status wanted = null;
        if (status != null) {
            wanted = Delivery.Status.ofWire(status);
            if (wanted == null) {
                throw InvalidInput.of("status", "one of pending, delivered, failed");
            }
        }
        return deliveries.page(owned(caller, id).id(), wanted, page);
    }

    public DeliveryLog delivery(UserId caller, String id, String deliveryId) {
        Delivery delivery = ownedDelivery(caller, id, deliveryId);
        return new DeliveryLog(delivery, deliveries.attempts(delivery.id(), 50));
    }

    /** Sends a delivery again now, whatever became of it; its retries get a new window. */
    public Delivery redeliver(UserId caller, String id, String deliveryId) {
        Instant now = time.now();
        Delivery again = ownedDelivery(caller, id, deliveryId).redelivered(now);
        if (!deliveries.requeue(again, now)) {
            throw new DeliveryBusy(deliveryId);
        }
        nudge.run();
        return again;
    }

    private Delivery ownedDelivery(UserId caller, String id, String deliveryId) {
        Webhook webhook = owned(caller, id);
        return deliveries.find(deliveryId).filter(d -> webhook.id().equals(d.webhook()))
                .orElseThrow(() -> new WebhookNotFound("delivery", deliveryId));
    }

    private Webhook owned(UserId caller, String id) {
        WebhookId webhookId;
        try {
            webhookId = new WebhookId(id);
        } catch (InvalidInput malformed) {
            throw new WebhookNotFound("webhook", id);
        }
        return webhooks.find(webhookId).filter(w -> w.isOwnedBy(caller))
                .orElseThrow(() -> new WebhookNotFound("webhook", id));
    }
}
