package org.astronrpa.openapi.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;

/**
 * Where deliveries and their attempts live. A delivery is stored once per receiver and event, whoever makes it (an
 * event relayed twice makes no second delivery); it is attempted by one instance at a time, the one that claimed it.
 */
public interface DeliveryRepository {

    /** Stores the new deliveries, leaving out any of a receiver and event stored already; how many were stored. */
    int addAll(List<Delivery> deliveries);

    /**
     * Stores the new deliveries as {@link #addAll} does, each claimed by {@code claimant} until {@code until} (it
     * attempts them at once, from memory, as a claim would give them to it).
     *
     * @return the ids of those stored (not those of a receiver and event stored already)
     */
    java.util.Set<String> addAllClaimed(List<Delivery> deliveries, String claimant, Instant until);

    Optional<Delivery> find(String id);

    /**
     * Claims for {@code claimant}, until {@code now + lease}, up to {@code limit} pending deliveries due at
     * {@code now} that no live claim holds, the longest due first. Claimants running at once get different ones.
     */
    default List<Delivery> claim(String claimant, Instant now, Duration lease, int limit) {
        return claim(claimant, now, lease, limit, java.util.Set.of());
    }

    /**
     * {@link #claim(String, Instant, Duration, int)}, passing over the deliveries of the subscribers named in
     * {@code passedOver} ({@link Delivery#subscriber()}: those the claimant has as many attempts in flight as it
     * allows), so that a slow receiver's backlog never fills a claim that others' deliveries wait behind.
     *
     * @throws org.astronrpa.openapi.domain.shared.ConcurrentUpdate when the claim lost a race with another transaction
     *         (chosen as a deadlock's victim): it claimed nothing, and claiming again is safe
     */
    List<Delivery> claim(String claimant, Instant now, Duration lease, int limit, java.util.Set<String> passedOver);

    /** Gives up {@code claimant}'s claim of a delivery it did not attempt: due again for any claimant at once. */
    void release(Delivery delivery, String claimant);

    /**
     * Stores {@code next}, what an attempt (or giving up) made of a delivery {@code claimant} holds, with its attempt
     * in the log; releases the claim.
     *
     * @return false when the delivery is no longer that claimant's (its claim ran out and another took it)
     */
    boolean attempted(Delivery next, String claimant);

    /**
     * Stores several outcomes as {@link #attempted} does each, together (one transaction where there is one).
     *
     * @return the ids of those stored (the others are no longer that claimant's)
     */
    default java.util.Set<String> attemptedAll(List<Delivery> outcomes, String claimant) {
        java.util.Set<String> stored = new java.util.HashSet<>();
        for (Delivery next : outcomes) {
            if (attempted(next, claimant)) {
                stored.add(next.id());
            }
        }
        return stored;
    }

    /**
     * Stores {@code next} (its owner's redelivery: due at once), unless an instance holds the delivery with a claim
     * alive at {@code now} — it is being attempted, or waits for its subscriber's room there.
     *
     * @return false when it was held (nothing stored), or is gone
     */
    boolean requeue(Delivery next, Instant now);

    /** The attempts of a delivery, the latest first, at most {@code limit}. */
    List<Attempt> attempts(String deliveryId, int limit);

    /** A subscription's deliveries (of {@code status}, when given), the latest first. */
    Page<Delivery> page(WebhookId webhook, Delivery.Status status, PageRequest page);

    /** How many deliveries are pending, per subscription (callbacks under none: the key {@code null}). */
    Map<WebhookId, Long> pendingBySubscription();

    /** Deletes the finished deliveries (and their attempts) that finished before {@code cutoff}; how many. */
    int purgeFinishedBefore(Instant cutoff, int limit);
}
