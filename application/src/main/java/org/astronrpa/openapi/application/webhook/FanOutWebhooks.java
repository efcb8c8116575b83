package org.astronrpa.openapi.application.webhook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.astronrpa.openapi.domain.execution.ExecutionCallback;
import org.astronrpa.openapi.domain.execution.ExecutionEvent;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.IdGenerator;
import org.astronrpa.openapi.domain.shared.TimeSource;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.Delivery;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.Topics;
import org.astronrpa.openapi.domain.webhook.Webhook;
import org.astronrpa.openapi.domain.webhook.WebhookBodies;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;

/**
 * Turns each relayed event into a delivery for every active subscription of its owner that wants it (and for the
 * execution's own callback, when it asked for one and wants that event — read from the event, no query), stored before
 * the relay marks the event published: the outbox holds the event until its deliveries exist (a failure here fails
 * the publication, which the relay tries again), and a delivery is stored once per subscription and event however
 * often the event is relayed. Runs on the relay's thread, a batch of events at a time: one read of their owners'
 * subscriptions (an index lookup), and one write when some want them.
 */
public final class FanOutWebhooks {
    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final WebhookBodies bodies;
    private final IdGenerator ids;
    private final TimeSource time;
    private final DeliverWebhooks worker;

    /** @param worker this instance's delivery worker, which attempts the deliveries made here at once */
    public FanOutWebhooks(WebhookRepository webhooks, DeliveryRepository deliveries, WebhookBodies bodies,
                          IdGenerator ids, TimeSource time, DeliverWebhooks worker) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.bodies = bodies;
        this.ids = ids;
        this.time = time;
        this.worker = worker;
    }

    /**
     * The deliveries of {@code event}, stored.
     *
     * @throws RuntimeException when they could not be stored (the relay publishes the event again later)
     */
    public void accept(DomainEvent event) {
        acceptAll(List.of(event));
    }

    /**
     * The deliveries of {@code events} (a relay's batch), stored together: one read of their owners' subscriptions
     * and one write, whatever the number of events.
     *
     * @throws RuntimeException when they could not be stored (the relay publishes the events again later)
     */
    public void acceptAll(List<? extends DomainEvent> events) {
        Set<UserId> owners = new LinkedHashSet<>();
        for (DomainEvent event : events) {
            if (Topics.of(event).isPresent()) {
                Topics.ownerOf(event).ifPresent(owners::add);
            }
        }
        if (owners.isEmpty()) {
            return;
        }
        Map<UserId, List<Webhook>> subscriptions = new HashMap<>();
        for (Webhook webhook : webhooks.activeOf(owners)) {
            subscriptions.computeIfAbsent(webhook.owner(), o -> new ArrayList<>()).add(webhook);
        }
        List<Delivery> made = new ArrayList<>();
        for (DomainEvent event : events) {
            made.addAll(deliveriesOf(event, subscriptions));
        }
        if (made.isEmpty()) {
            return;
        }
        if (worker.takes(made.size())) {
            // stored claimed by this instance and handed to its worker: no claim, no pass to wait for
            Set<String> stored = deliveries.addAllClaimed(made, worker.claimant(), time.now().plus(worker.lease()));
            Map<org.astronrpa.openapi.domain.webhook.WebhookId, Webhook> read = new HashMap<>();
            subscriptions.values().forEach(list -> list.forEach(w -> read.put(w.id(), w)));
            worker.handOver(made.stream().filter(d -> stored.contains(d.id())).toList(), read);
        } else if (deliveries.addAll(made) > 0) {
            worker.nudge();   // for a pass to claim, here or on another instance
        }
    }

    private List<Delivery> deliveriesOf(DomainEvent event, Map<UserId, List<Webhook>> subscriptions) {
        Optional<String> topic = Topics.of(event);
        Optional<UserId> owner = Topics.ownerOf(event);
        if (topic.isEmpty() || owner.isEmpty()) {
            return List.of();
        }
        Optional<String> project = Topics.projectOf(event);
        List<Webhook> wanting = subscriptions.getOrDefault(owner.get(), List.of()).stream()
                .filter(w -> w.definition().wants(topic.get(), project))
                .filter(w -> !w.createdAt().isAfter(event.occurredAt()))
                .toList();
        ExecutionCallback callback = event instanceof ExecutionEvent e ? e.execution().callback() : null;
        boolean called = callback != null && callback.wants(topic.get());
        if (wanting.isEmpty() && !called) {
            return List.of();
        }
        String body = bodies.render(topic.get(), event);
        List<Delivery> made = new ArrayList<>(wanting.size() + 1);
        for (Webhook webhook : wanting) {
            made.add(Delivery.toWebhook(ids.newId(), webhook, event.eventId(), topic.get(), body, time.now()));
        }
        if (called) {
            made.add(Delivery.toCallback(ids.newId(), event.aggregateId(), callback.url().toString(), owner.get(),
                    event.eventId(), topic.get(), body, time.now()));
        }
        return made;
    }
}
