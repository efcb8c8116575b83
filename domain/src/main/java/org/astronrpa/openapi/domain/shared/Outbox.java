package org.astronrpa.openapi.domain.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The transactional outbox: the events of a change are appended in the same transaction as the change (see
 * {@link Transactions}), so that both are stored or neither; relays then claim them, publish them and mark them
 * published. Each row goes to one relay at a time (its claim is a lease), and a relay is given a row only when
 * every earlier unpublished row of the same aggregate is given to it too, so that the events of one aggregate are
 * published in the order they were appended. A relay that dies leaves its rows to whoever claims after its lease.
 *
 * <p>A stored row that cannot be read back as an event (its type written by a newer version during a rolling
 * upgrade, its text damaged by hand, a field this version rejects) is <em>quarantined</em> where a claim meets it:
 * set aside with the reason, never given to a relay, never purged (it is evidence for an operator), and counted in
 * {@link Backlog#quarantined()}. It does not hold back the later events of its aggregate: they are published
 * without it. The set-aside event is lost to consumers either way; holding its aggregate back would lose every
 * later event of it too, for good. An operator who repairs and requeues the row has it published late, after those
 * later events: consumers deduplicate by id, and can tell it is older by its {@link DomainEvent#sequence()}.
 */
public interface Outbox {

    /** An appended event and its place in the outbox: positions grow in the order of appending. */
    record Entry(long position, DomainEvent event) {
        public Entry {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * How far behind the relays are: the rows waiting to be published and when the oldest of them happened; apart
     * from them, the quarantined rows, which wait for an operator instead.
     */
    record Backlog(long depth, Optional<Instant> oldest, long quarantined) {
        public Backlog {
            Objects.requireNonNull(oldest, "oldest");
            if (depth < 0 || quarantined < 0) {
                throw new IllegalArgumentException("depth and quarantined cannot be negative");
            }
        }

        /** A backlog with nothing quarantined. */
        public Backlog(long depth, Optional<Instant> oldest) {
            this(depth, oldest, 0);
        }

        /** How long the oldest unpublished event has waited at {@code now}; zero when none waits. */
        public Duration lag(Instant now) {
            return oldest.map(at -> at.isAfter(now) ? Duration.ZERO : Duration.between(at, now)).orElse(Duration.ZERO);
        }
    }

    /**
     * A claim taken at the append: the rows are {@code relay}'s alone until {@code until}, as if it had claimed them,
     * so that it can publish them from memory once their unit of work commits (see {@code OutboxRelay}).
     *
     * @param alone the caller knows that no unpublished row is held by another relay or by none (it is the only
     *              relay on the database, and every row left from before it started is published): the append
     *              then leases every event without looking for earlier rows held elsewhere
     */
    record Lease(String relay, Instant until, boolean alone) {
        public Lease {
            Objects.requireNonNull(relay, "relay");
            Objects.requireNonNull(until, "until");
        }

        /** A lease whose append looks for earlier rows held elsewhere. */
        public Lease(String relay, Instant until) {
            this(relay, until, false);
        }
    }

    /** Appends the events of one change, in their order, as part of the unit of work in progress, for claims. */
    void append(List<? extends DomainEvent> events);

    /**
     * Appends the events of one change, in their order, as part of the unit of work in progress, leased to
     * {@code lease.relay()} — except the events of an aggregate that has an earlier unpublished row not leased to
     * that relay (unleased, or another relay's): those are appended unleased, so that claims keep them behind that
     * row. Any relay's claim of that aggregate's rows therefore waits until the leased rows are published. A lease
     * {@link Lease#alone() alone} skips that look.
     *
     * @return the entries appended leased, in their order (possibly none)
     */
    List<Entry> append(List<? extends DomainEvent> events, Lease lease);

    /**
     * Gives {@code relay} up to {@code limit} unpublished entries, in the order they were appended, until
     * {@code now + lease}: rows held by no live lease (not even {@code relay}'s own: what a relay holds, it has in
     * hand), skipping an aggregate's rows while an earlier one of them is held elsewhere. Rows met that cannot
     * be read back are quarantined instead of given (see above), and give their places to the rows after them.
     */
    List<Entry> claim(String relay, int limit, Instant now, Duration lease);

    /** Marks these entries published at {@code now}: no relay claims them again. */
    void published(List<Entry> entries, Instant now);

    Backlog backlog();

    /** Deletes the entries published before {@code cutoff}; unpublished and quarantined ones stay whatever their age. */
    int purgePublishedBefore(Instant cutoff);
}
