package org.astronrpa.openapi.application.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.astronrpa.openapi.domain.audit.AuditEvent;
import org.astronrpa.openapi.domain.audit.AuditLog;
import org.astronrpa.openapi.domain.audit.AuditQuery;
import org.astronrpa.openapi.domain.shared.Page;
import org.astronrpa.openapi.domain.shared.PageRequest;
import org.astronrpa.openapi.domain.shared.Position;

/** The audit log in memory, for tests and the in-memory graph. */
public final class InMemoryAuditLog implements AuditLog {
    private static final Comparator<AuditEvent> NEWEST_FIRST = Comparator.comparing(AuditEvent::occurredAt)
            .thenComparing(AuditEvent::id).reversed();
    private final List<AuditEvent> entries = new ArrayList<>();

    @Override
    public synchronized void append(List<AuditEvent> appended) {
        entries.addAll(appended);
    }

    @Override
    public synchronized Page<AuditEvent> page(AuditQuery query, PageRequest page) {
        Position after = page.after();
        List<AuditEvent> window = entries.stream().filter(query::matches)
                .filter(e -> after == null || after.isBefore(e.occurredAt(), e.id()))
                .sorted(NEWEST_FIRST).skip(page.offset()).limit(page.pageSize() + 1L).toList();
        return Page.ofWindow(null, page, window, e -> new Position(e.occurredAt(), e.id()));
    }

    @Override
    public synchronized int purgeBefore(Instant cutoff, int limit) {
        int purged = 0;
        for (var it = entries.iterator(); it.hasNext() && purged < limit; ) {
            if (it.next().occurredAt().isBefore(cutoff)) {
                it.remove();
                purged++;
            }
        }
        return purged;
    }

    /** Every entry, in the order appended. */
    public synchronized List<AuditEvent> all() {
        return List.copyOf(entries);
    }
}
