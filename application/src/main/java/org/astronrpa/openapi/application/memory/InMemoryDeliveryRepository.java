package org.astronrpa.openapi.application.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;
import org.astronrpa.openapi.domain.webhook.Attempt;
import org.astronrpa.openapi.domain.webhook.Delivery;
import org.astronrpa.openapi.domain.webhook.DeliveryRepository;
import org.astronrpa.openapi.domain.webhook.WebhookId;

/** Webhook deliveries and their attempts in maps, for tests and for embedding without a database; same rules as SQL. */
public final class InMemoryDeliveryRepository implements DeliveryRepository {
    private static final Comparator<Delivery> NEWEST_FIRST = Comparator.comparing(Delivery::createdAt).reversed()
            .thenComparing(Delivery::id, Comparator.reverseOrder());
    private static final Comparator<Delivery> DUE_FIRST = Comparator.comparing(Delivery::nextAttemptAt)
            .thenComparing(Delivery::id);

    /** A stored delivery and who holds it until when (none: {@code null}). */
    private record Row(Delivery delivery, String claimedBy, Instant claimedUntil) {
        Row released(Delivery next) {
            return new Row(next, null, null);
        }
    }

    private final Map<String, Row> rows = new HashMap<>();
    private final Set<String> receiversAndEvents = new HashSet<>();
    private final Map<String, TreeMap<Integer, Attempt>> attempts = new HashMap<>();

    private static String receiverAndEvent(Delivery delivery) {
        return delivery.subscriber() + "\n" + delivery.eventId();
    }

    @Override
    public synchronized int addAll(List<Delivery> deliveries) {
        int stored = 0;
        for (Delivery delivery : deliveries) {
            if (!rows.containsKey(delivery.id()) && receiversAndEvents.add(receiverAndEvent(delivery))) {
                rows.put(delivery.id(), new Row(delivery, null, null));
                stored++;
            }
        }
        return stored;
    }

    @Override
    public synchronized java.util.Set<String> addAllClaimed(List<Delivery> deliveries, String claimant,
                                                          Instant until) {
        java.util.Set<String> stored = new java.util.HashSet<>();
        for (Delivery delivery : deliveries) {
            if (!rows.containsKey(delivery.id()) && receiversAndEvents.add(receiverAndEvent(delivery))) {
                rows.put(delivery.id(), new Row(delivery, claimant, until));
                stored.add(delivery.id());
            }
        }
        return stored;
    }

    @Override
    public synchronized Optional<Delivery> find(String id) {
        return Optional.ofNullable(rows.get(id)).map(Row::delivery);
    }

    @Override
    public synchronized List<Delivery> claim(String claimant, Instant now, Duration lease, int limit,
                                             java.util.Set<String> passedOver) {
        List<Delivery> free = rows.values().stream()
                .filter(row -> !passedOver.contains(row.delivery().subscriber()))
                .filter(row -> row.delivery().status() == Delivery.Status.PENDING
                        && !row.delivery().nextAttemptAt().isAfter(now)
                        && (row.claimedUntil() == null || !row.claimedUntil().isAfter(now)))
                .map(Row::delivery)
                .sorted(DUE_FIRST)
                .limit(Math.max(0, limit))
                .toList();
        free.forEach(delivery -> rows.put(delivery.id(), new Row(delivery, claimant, now.plus(lease))));
        return free;
    }

    @Override
    public synchronized void release(Delivery delivery, String claimant) {
        Row row = rows.get(delivery.id());
        if (row != null && claimant.equals(row.claimedBy())) {
            rows.put(delivery.id(), new Row(row.delivery(), null, null));
        }
    }

    @Override
    public synchronized boolean attempted(Delivery next, String claimant) {
        Row row = rows.get(next.id());
        if (row == null || !claimant.equals(row.claimedBy())) {
            return false;
        }
        rows.put(next.id(), row.released(next));
        if (next.last() != null) {
            // giving up notes its reason under the last attempt's number, which may be logged already: replaced
            attempts.computeIfAbsent(next.id(), id -> new TreeMap<>()).put(next.last().number(), next.last());
        }
        return true;
    }

    @Override
    public synchronized boolean requeue(Delivery next, Instant now) {
        Row row = rows.get(next.id());
        if (row == null || (row.claimedUntil() != null && row.claimedUntil().isAfter(now))) {
            return false;
        }
        rows.put(next.id(), row.released(next));
        return true;
    }

    @Override
    public synchronized List<Attempt> attempts(String deliveryId, int limit) {
        return attempts.getOrDefault(deliveryId, new TreeMap<>()).descendingMap().values().stream()
                .limit(Math.max(0, limit))
                .toList();
    }

    @Override
    public synchronized Page<Delivery> page(WebhookId webhook, Delivery.Status status, PageRequest page) {
        List<Delivery> matching = rows.values().stream()
                .map(Row::delivery)
                .filter(d -> webhook.equals(d.webhook()) && (status == null || d.status() == status))
                .sorted(NEWEST_FIRST)
                .toList();
        List<Delivery> window = matching.stream()
                .filter(d -> page.after() == null || page.after().isBefore(d.createdAt(), d.id()))
                .skip(page.offset())
                .limit(page.pageSize() + 1L)
                .toList();
        return Page.ofWindow(Long.valueOf(matching.size()), page, window, d -> new Position(d.createdAt(), d.id()));
    }

    @Override
    public synchronized Map<WebhookId, Long> pendingBySubscription() {
        Map<WebhookId, Long> pending = new HashMap<>();   // callbacks under the null key, which Map.of refuses
        rows.values().stream()
                .map(Row::delivery)
                .filter(d -> d.status() == Delivery.Status.PENDING)
                .forEach(d -> pending.merge(d.webhook(), 1L, Long::sum));
        return java.util.Collections.unmodifiableMap(pending);
    }

    @Override
    public synchronized int purgeFinishedBefore(Instant cutoff, int limit) {
        List<Delivery> finished = rows.values().stream()
                .map(Row::delivery)
                .filter(d -> d.finishedAt() != null && d.finishedAt().isBefore(cutoff))
                .sorted(Comparator.comparing(Delivery::finishedAt))
                .limit(Math.max(0, limit))
                .toList();
        finished.forEach(this::remove);
        return finished.size();
    }

    /** Deletes a subscription's deliveries and their attempts (its deletion: {@link InMemoryWebhookRepository}). */
    synchronized void deleteOf(WebhookId webhook) {
        rows.values().stream()
                .map(Row::delivery)
                .filter(d -> webhook.equals(d.webhook()))
                .toList()
                .forEach(this::remove);
    }

    private void remove(Delivery delivery) {
        rows.remove(delivery.id());
        receiversAndEvents.remove(receiverAndEvent(delivery));
        attempts.remove(delivery.id());
    }
}
