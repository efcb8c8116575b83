package org.astronrpa.openapi.application.events;

import java.util.List;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.Transactions;

/**
 * Records events in the outbox, in the transaction of the change they describe when there is one. They are appended
 * leased to this instance's relay and handed over to it once that transaction has committed, so that it publishes
 * them from memory at once; an aggregate held back behind another relay's unpublished row, or a relay whose memory is
 * full, gets its events appended unleased instead, and the relay is nudged to claim them.
 */
public final class OutboxDomainEvents implements DomainEvents {
    private final Outbox outbox;
    private final Transactions transactions;
    private final OutboxRelay relay;
    private final Runnable nudge;

    public OutboxDomainEvents(Outbox outbox, Transactions transactions, OutboxRelay relay) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.relay = relay;
        this.nudge = relay::nudge;   // one action, so that a transaction nudges once
    }

    @Override
    public void record(List<? extends DomainEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Optional<Outbox.Lease> lease = relay.writerLease();
        if (lease.isEmpty()) {
            outbox.append(events);
            transactions.afterCommit(nudge);
            return;
        }
        List<Outbox.Entry> leased = outbox.append(events, lease.get());
        if (!leased.isEmpty()) {
            OutboxRelay.Handover handover = relay.expect(leased);
            transactions.afterRollback(handover::rolledBack);
            transactions.afterCommit(handover::committed);
        }
        if (leased.size() < events.size()) {
            transactions.afterCommit(nudge);
        }
    }
}
