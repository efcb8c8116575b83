package org.astronrpa.openapi.domain.webhook;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.UserId;

/** Where webhook subscriptions live; a subscription's revision guards its changes. */
public interface WebhookRepository {

    /** Stores a new subscription (revision 1). */
    void insert(Webhook webhook);

    Optional<Webhook> find(WebhookId id);

    /**
     * Stores {@code next} if the stored subscription still has revision {@code current.revision()}.
     *
     * @throws org.astronrpa.openapi.domain.shared.ConcurrentUpdate when it does not (changed or deleted meanwhile)
     */
    void update(Webhook current, Webhook next);

    /** Deletes the subscription and its deliveries; false when there was none. */
    boolean delete(WebhookId id);

    /** The owner's subscriptions, most recently created first. */
    Page<Webhook> page(UserId owner, PageRequest page);

    /** The active subscriptions of these owners (the ones an event of theirs may go to). */
    List<Webhook> activeOf(Collection<UserId> owners);
}
