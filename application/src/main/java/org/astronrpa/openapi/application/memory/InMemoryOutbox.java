package org.astronrpa.openapi.application.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.astronrpa.openapi.domain.shared.DomainEvent;
import org.astronrpa.openapi.domain.shared.Outbox;
import org.astronrpa.openapi.domain.shared.Transactions;

/**
 * The outbox in memory, for one process. Appends made inside {@link #transactions()} become visible when the work
 * returns and are dropped when it throws, as a database transaction would; outside it they are visible at once. Their
 * positions are taken at the append, as a database's auto-increment would. It keeps the events themselves, not their
 * text, so it never has a row to quarantine.
 */
public final class InMemoryOutbox implements Outbox {
    private final TreeMap<Long, Row> rows = new TreeMap<>();
    private final Set<String> eventIds = new HashSet<>();
    private final ThreadLocal<Pending> pending = new ThreadLocal<>();
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
            return aggregateOf(entry.event());
        }
    }

    /** What the transaction in progress on a thread has appended, and what runs when it ends. */
    private static final class Pending {
        final List<Row> rows = new ArrayList<>();
        final List<Runnable> afterCommit = new ArrayList<>();
        final List<Runnable> afterRollback = new ArrayList<>();
    }

    private static String aggregateOf(DomainEvent event) {
        return event.aggregateType() + ":" + event.aggregateId();
    }

    /** Transactions whose appends to this outbox are kept only when the work completes. */
    public Transactions transactions() {
        return new Transactions() {
            @Override
            public <T> T atomically(Supplier<T> work) {
                if (pending.get() != null) {
                    return work.get();   // joins the outer one
                }
                Pending appended = new Pending();
                pending.set(appended);
                T result;
                try {
                    result = work.get();
                    store(appended.rows);
                } catch (RuntimeException | Error e) {
                    pending.remove();
                    appended.afterRollback.forEach(Runnable::run);
                    throw e;
                }
                pending.remove();
                appended.afterCommit.forEach(Runnable::run);
                return result;
            }

            @Override
            public void afterCommit(Runnable action) {
                Pending inProgress = pending.get();
                if (inProgress == null) {
                    action.run();
                } else if (!inProgress.afterCommit.contains(action)) {
                    inProgress.afterCommit.add(action);
                }
            }

            @Override
            public void afterRollback(Runnable action) {
                Pending inProgress = pending.get();
                if (inProgress != null) {
                    inProgress.afterRollback.add(action);
                }
            }
        };
    }

    @Override
    public void append(List<? extends DomainEvent> events) {
        append(events, null);
    }

    /** Appends as one transaction would; leased to {@code lease} (unless null) where no earlier row holds back. */
    @Override
    public List<Entry> append(List<? extends DomainEvent> events, Lease lease) {
        Pending inTransaction = pending.get();
        List<Row> appended = new ArrayList<>();
        synchronized (this) {
            for (DomainEvent event : events) {
                Row row = new Row(new Entry(nextPosition++, event));
                if (lease != null && (lease.alone() || !heldBack(row.aggregate(), lease.relay(), inTransaction))) {
                    row.claimedBy = lease.relay();
                    row.claimedUntil = lease.until();
                }
                appended.add(row);
            }
        }
        if (inTransaction != null) {
            inTransaction.rows.addAll(appended);
        } else {
            store(appended);
        }
        return appended.stream().filter(row -> row.claimedBy != null).map(row -> row.entry).toList();
    }

    /**
     * Whether the aggregate has an unpublished row, stored or appended earlier in this transaction, not leased to
     * {@code relay}; under this outbox's lock.
     */
    private boolean heldBack(String aggregate, String relay, Pending inTransaction) {
        List<Row> ownRows = inTransaction == null ? List.of() : inTransaction.rows;
        return Stream.concat(rows.values().stream(), ownRows.stream())
                .anyMatch(row -> row.publishedAt == null && row.aggregate().equals(aggregate)
                        && !relay.equals(row.claimedBy));
    }

    private synchronized void store(List<Row> appended) {
        Set<String> seen = new HashSet<>();
        for (Row row : appended) {
            if (eventIds.contains(row.entry.event().eventId()) || !seen.add(row.entry.event().eventId())) {
                throw new IllegalStateException("event " + row.entry.event().eventId() + " is in the outbox already");
            }
        }
        for (Row row : appended) {
            eventIds.add(row.entry.event().eventId());
            rows.put(row.entry.position(), row);
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
            boolean free = row.claimedUntil == null || row.claimedUntil.isBefore(now);
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
