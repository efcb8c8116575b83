package org.astronrpa.openapi.application.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.Transactions;

/**
 * The outbox in memory, for one process. Appends made inside {@link #transactions()} become visible when the work
 * returns and are dropped when it throws, as a database transaction would; outside it they are visible at once. It
 * keeps the events themselves, not their text, so it never has a row to quarantine.
 */
public final class InMemoryOutbox implements Outbox {
    private final Map<Long, Row> rows = new LinkedHashMap<>();
    private final Set<String> eventIds = new HashSet<>();
    private final ThreadLocal<List<DomainEvent>> pending = new ThreadLocal<>();
    private long nextPosition = 1;

    private static final class Row {
        final Entry entry;
        String claimedBy;
        Instant claimedUntil;
        Instant publishedAt;

        Row(Entry entry) {
            this.entry = entry;
        }

        String aggregate() {
            return entry.event().aggregateType() + ":" + entry.event().aggregateId();
        }
    }

    /** Transactions whose appends to this outbox are kept only when the work completes. */
    public Transactions transactions() {
        return new Transactions() {
            @Override
            public <T> T atomically(Supplier<T> work) {
                if (pending.get() != null) {
                    return work.get();   // joins the outer one
                }
                List<DomainEvent> appended = new ArrayList<>();
                pending.set(appended);
                T result;
                try {
                    result = work.get();
                } finally {
                    pending.remove();
                }
                store(appended);
                return result;
            }
        };
    }

    @Override
    public void append(List<? extends DomainEvent> events) {
        List<DomainEvent> inTransaction = pending.get();
        if (inTransaction != null) {
            inTransaction.addAll(events);
        } else {
            store(events);
        }
    }

    private synchronized void store(List<? extends DomainEvent> events) {
        for (DomainEvent event : events) {
            if (!eventIds.add(event.eventId())) {
                throw new IllegalStateException("event " + event.eventId() + " is in the outbox already");
            }
        }
        for (DomainEvent event : events) {
            long position = nextPosition++;
            rows.put(position, new Row(new Entry(position, event)));
        }
    }

    @Override
    public synchronized List<Entry> claim(String relay, int limit, Instant now, Duration lease) {
        List<Entry> claimed = new ArrayList<>();
        Set<String> blocked = new HashSet<>();
        for (Row row : rows.values()) {
            if (claimed.size() == limit) {
                break;
            }
            if (row.publishedAt != null) {
                continue;
            }
            boolean free = row.claimedUntil == null || row.claimedUntil.isBefore(now) || relay.equals(row.claimedBy);
            if (!free) {
                blocked.add(row.aggregate());
                continue;
            }
            if (blocked.contains(row.aggregate())) {
                continue;
            }
            row.claimedBy = relay;
            row.claimedUntil = now.plus(lease);
            claimed.add(row.entry);
        }
        return claimed;
    }

    @Override
    public synchronized void published(List<Entry> entries, Instant now) {
        for (Entry entry : entries) {
            Row row = rows.get(entry.position());
            if (row != null && row.publishedAt == null) {
                row.publishedAt = now;
            }
        }
    }

    @Override
    public synchronized Backlog backlog() {
        long depth = 0;
        Instant oldest = null;
        for (Row row : rows.values()) {
            if (row.publishedAt == null) {
                depth++;
                Instant at = row.entry.event().occurredAt();
                oldest = oldest == null || at.isBefore(oldest) ? at : oldest;
            }
        }
        return new Backlog(depth, Optional.ofNullable(oldest));
    }

    @Override
    public synchronized int purgePublishedBefore(Instant cutoff) {
        int before = rows.size();
        rows.values().removeIf(row -> row.publishedAt != null && row.publishedAt.isBefore(cutoff));
        return before - rows.size();
    }
}
