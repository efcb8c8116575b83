package org.astronrpa.openapi.application.dispatch;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.astronrpa.openapi.domain.execution.ExecutionRepository;
import org.astronrpa.openapi.domain.robot.RobotTarget;

/**
 * The targets one owner's queued executions wait for, each with a <em>lower bound</em> of the start time of its oldest
 * queued execution, in that order: what a dispatch decision walks to find the oldest execution an idle robot may take,
 * without reading the owner's whole queue (the databases answer "each target's oldest" only by reading every queued
 * entry: 100,000 entries, 0.05-1.4 s on MariaDB). Kept from the execution events (an execution queued or put back
 * lowers its target's bound) and from what the decisions read (a target's head, looked up by index, raises the bound to
 * the truth; a target found empty is forgotten); rebuilt from the queue when made and now and then, which repairs an
 * event that never arrived.
 *
 * <p>Why the bounds may be trusted: every target with a queued execution is here with a bound at or before that
 * execution's start, as long as each execution queued after the last rebuild began was {@link #waiting noted}. A
 * decision's own reads cannot break that: it takes a {@link #stamp()} before reading a target's head, and a note made
 * since then keeps the lower of the two bounds (or keeps the target it would have forgotten). Thread-safe.
 */
final class WaitingTargets {

    /** A target and its bound, as the walk found it (the walk goes on after it). */
    record Waiting(RobotTarget target, String key, Instant bound) {
    }

    private static final Comparator<Waiting> OLDEST_FIRST =
            Comparator.comparing(Waiting::bound).thenComparing(Waiting::key);

    private static final class Entry {
        Waiting waiting;
        long notedAt;
    }

    private final Map<RobotTarget, Entry> byTarget = new HashMap<>();
    private final TreeSet<Waiting> byBound = new TreeSet<>(OLDEST_FIRST);
    private long tick;
    /** While a rebuild reads the queue: what was noted meanwhile, kept over the rebuild's reading. */
    private Map<RobotTarget, Instant> notedDuringRebuild;
    /** Rebuilds since a decision last walked these targets. */
    private int idleRebuilds;
    private final Object rebuildLock = new Object();

    /** The point after which notes count as news to a decision reading a target's head now. */
    synchronized long stamp() {
        return tick;
    }

    /** An execution for {@code target} started at {@code start} is queued (new, or put back). */
    synchronized void waiting(RobotTarget target, Instant start) {
        tick++;
        lower(target, start, tick);
        if (notedDuringRebuild != null) {
            notedDuringRebuild.merge(target, start, WaitingTargets::earlier);
        }
    }

    /**
     * A decision read {@code target}'s oldest queued execution: it started at {@code oldest}. The bound rises to it,
     * unless something was noted for the target since {@code stamp} (then the lower of the two stays).
     */
    synchronized void found(RobotTarget target, Instant oldest, long stamp) {
        Entry entry = byTarget.get(target);
        if (entry == null || entry.notedAt > stamp) {
            lower(target, oldest, tick);
            return;
        }
        move(entry, oldest);
    }

    /** A decision found nothing queued for {@code target}: forgotten, unless something was noted for it since {@code stamp}. */
    synchronized void empty(RobotTarget target, long stamp) {
        Entry entry = byTarget.get(target);
        if (entry != null && entry.notedAt <= stamp) {
            byTarget.remove(target);
            byBound.remove(entry.waiting);
        }
    }

    /**
     * The first target after {@code after} (null: from the start), oldest bound first, that {@code mayTake} accepts;
     * null when none does.
     */
    synchronized Waiting next(Waiting after, Predicate<RobotTarget> mayTake) {
        idleRebuilds = 0;
        Waiting candidate = after == null ? (byBound.isEmpty() ? null : byBound.first()) : byBound.higher(after);
        while (candidate != null && !mayTake.test(candidate.target())) {
            candidate = byBound.higher(candidate);
        }
        return candidate;
    }

    /**
     * Rebuilds the targets from the queue: {@code read} reads each waiting target and the start of its oldest
     * execution; that replaces what was here, with what was noted while it read on top. One rebuild at a time; notes
     * and decisions go on meanwhile. A failed read changes nothing.
     */
    void rebuild(java.util.function.Supplier<List<ExecutionRepository.QueuedTarget>> read) {
        synchronized (rebuildLock) {
            synchronized (this) {
                notedDuringRebuild = new HashMap<>();
                idleRebuilds++;
            }
            List<ExecutionRepository.QueuedTarget> queue;
            try {
                queue = read.get();
            } catch (RuntimeException failed) {
                synchronized (this) {
                    notedDuringRebuild = null;
                }
                throw failed;
            }
            replaceWith(queue);
        }
    }

    private synchronized void replaceWith(List<ExecutionRepository.QueuedTarget> queue) {
        Map<RobotTarget, Instant> noted = notedDuringRebuild;
        notedDuringRebuild = null;
        byTarget.clear();
        byBound.clear();
        tick++;
        for (ExecutionRepository.QueuedTarget queued : queue) {
            lower(queued.target(), queued.oldestStart(), tick);
        }
        noted.forEach((target, start) -> lower(target, start, tick));
    }

    /** How many rebuilds in a row found that no decision had walked these targets since the one before. */
    synchronized int unusedRebuilds() {
        return idleRebuilds;
    }

    synchronized int size() {
        return byTarget.size();
    }

    private void lower(RobotTarget target, Instant start, long notedAt) {
        Entry entry = byTarget.get(target);
        if (entry == null) {
            entry = new Entry();
            entry.waiting = new Waiting(target, target.key(), start);
            byTarget.put(target, entry);
            byBound.add(entry.waiting);
        } else if (start.isBefore(entry.waiting.bound())) {
            move(entry, start);
        }
        entry.notedAt = notedAt;
    }

    private void move(Entry entry, Instant bound) {
        byBound.remove(entry.waiting);
        entry.waiting = new Waiting(entry.waiting.target(), entry.waiting.key(), bound);
        byBound.add(entry.waiting);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
