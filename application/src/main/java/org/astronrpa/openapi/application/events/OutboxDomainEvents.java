package org.astronrpa.openapi.application.events;

import java.util.List;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.Transactions;

/**
 * Records events in the outbox, in the transaction of the change they describe when there is one, and nudges the
 * relay once that transaction has committed: the relay, not the writer, hands them to their consumers.
 */
public final class OutboxDomainEvents implements DomainEvents {
    private final Outbox outbox;
    private final Transactions transactions;
    private final Runnable nudge;

    public OutboxDomainEvents(Outbox outbox, Transactions transactions, Runnable nudge) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.nudge = nudge;
    }

    @Override
    public void record(List<? extends DomainEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        outbox.append(events);
        transactions.afterCommit(nudge);
    }
}
