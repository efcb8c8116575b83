package org.astronrpa.openapi.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/** The last {@code limit} frames of one direction, with a wait for a frame that matches. */
final class FrameLog {
    private final int limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();

    FrameLog(int limit) {
        this.limit = limit;
    }

    void add(Frame frame) {
        lock.lock();
        try {
            if (limit == 0) {
                return;
            }
            if (frames.size() == limit) {
                frames.removeFirst();
            }
            frames.addLast(frame);
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<Frame> snapshot() {
        lock.lock();
        try {
            return List.copyOf(frames);
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            frames.clear();
        } finally {
            lock.unlock();
        }
    }

    /** The first frame that matches, waiting up to {@code timeout} for one to arrive. */
    Optional<Frame> await(Predicate<? super Frame> matches, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (Frame frame : frames) {
                    if (matches.test(frame)) {
                        return Optional.of(frame);
                    }
                }
                if (left <= 0) {
                    return Optional.empty();
                }
                left = added.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
