package org.astronrpa.openapi.application.memory;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.astronrpa.openapi.domain.shared.ConcurrentUpdate;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.webhook.Webhook;
import org.astronrpa.openapi.domain.webhook.WebhookId;
import org.astronrpa.openapi.domain.webhook.WebhookRepository;

/**
 * Webhook subscriptions in a map, for tests and for embedding without a database; same rules as SQL. Its deliveries
 * live in {@code deliveries}, which a deletion empties of the subscription's.
 */
public final class InMemoryWebhookRepository implements WebhookRepository {
    private static final Comparator<Webhook> NEWEST_FIRST = Comparator.comparing(Webhook::createdAt).reversed()
            .thenComparing(w -> w.id().value(), Comparator.reverseOrder());

    private final Map<WebhookId, Webhook> webhooks = new HashMap<>();
    private final InMemoryDeliveryRepository deliveries;

    public InMemoryWebhookRepository(InMemoryDeliveryRepository deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public synchronized void insert(Webhook webhook) {
        if (webhooks.putIfAbsent(webhook.id(), webhook) != null) {
            throw new IllegalStateException("webhook '" + webhook.id() + "' exists");
        }
    }

    @Override
    public synchronized Optional<Webhook> find(WebhookId id) {
        return Optional.ofNullable(webhooks.get(id));
    }

    @Override
    public synchronized void update(Webhook current, Webhook next) {
        if (!current.id().equals(next.id())) {
            throw new IllegalArgumentException("another webhook");
        }
        Webhook stored = webhooks.get(current.id());
        if (stored == null || stored.revision() != current.revision()) {
            throw new ConcurrentUpdate("webhook '" + current.id() + "'");
        }
        webhooks.put(next.id(), next);
    }

    @Override
    public synchronized boolean delete(WebhookId id) {
        deliveries.deleteOf(id);
        return webhooks.remove(id) != null;
    }

    @Override
    public synchronized Page<Webhook> page(UserId owner, PageRequest page) {
        List<Webhook> mine = webhooks.values().stream().filter(w -> w.isOwnedBy(owner)).sorted(NEWEST_FIRST).toList();
        List<Webhook> window = mine.stream()
                .filter(w -> page.after() == null || page.after().isBefore(w.createdAt(), w.id().value()))
                .skip(page.offset())
                .limit(page.pageSize() + 1L)
                .toList();
        return Page.ofWindow(Long.valueOf(mine.size()), page, window, w -> new Position(w.createdAt(), w.id().value()));
    }

    @Override
    public synchronized List<Webhook> activeOf(Collection<UserId> owners) {
        Set<UserId> wanted = Set.copyOf(owners);
        return webhooks.values().stream()
                .filter(w -> w.isActive() && wanted.contains(w.owner()))
                .sorted(NEWEST_FIRST.reversed())
                .toList();
    }
}
