package org.astronrpa.openapi.application.audit;

import java.util.List;
import org.astronrpa.openapi.domain.audit.AuditEvent;
import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.audit.AuditTrail;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.DomainEvents;

/**
 * Records a change's events where they go, and its audit entries ({@link AuditTrail} says which) in the audit log,
 * both in the unit of work that records them (the change's transaction): the log cannot hold a change that was rolled
 * back, nor miss one that was stored. Who caused the change is whom the current thread works for ({@link
 * Attributions}).
 */
public final class AuditedDomainEvents implements DomainEvents {
    private final DomainEvents events;
    private final AuditLog log;
    private final Attributions attributions;

    public AuditedDomainEvents(DomainEvents events, AuditLog log, Attributions attributions) {
        this.events = events;
        this.log = log;
        this.attributions = attributions;
    }

    @Override
    public void record(List<? extends DomainEvent> recorded) {
        events.record(recorded);
        List<AuditEvent> entries = AuditTrail.of(recorded, attributions.current());
        if (!entries.isEmpty()) {
            log.append(entries);
        }
    }
}
