package org.astronrpa.openapi.domain.shared;

import java.util.Arrays;

/**
 * The ids of the latest events heard, so that a consumer of an at-least-once delivery hears each event once: an id
 * is remembered until {@code capacity} newer ones have been heard. The outbox republishes what a dead relay had
 * published and not marked only after that relay's lease (30 s), so a bus must remember tens of seconds of events
 * at full speed: hundreds of thousands of ids. To keep that cheap, an id is remembered as a 64-bit fingerprint (at
 * most 24 bytes an id, 6 MB for a quarter million, where a string in a linked set takes five times more): a new event
 * taken for a repeat of another has a chance of about {@code capacity / 2^64}. The arrays grow as ids arrive, so a
 * quiet memory stays small. Thread-safe.
 */
public final class RecentEventIds {
    private static final int FIRST_SIZE = 1024;
    private static final long EMPTY = 0;
    private final int capacity;
    /** The fingerprints in the order heard; once full, a ring whose next slot holds the oldest. */
    private long[] order = new long[0];
    private int next;
    private int size;
    /** Open addressing with linear probing, at most half full; {@link #EMPTY} marks a free slot. */
    private long[] table = new long[FIRST_SIZE];

    public RecentEventIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Whether {@code eventId} is heard now for the first time (as far as this memory reaches); remembers it. */
    public synchronized boolean firstTime(String eventId) {
        long fingerprint = fingerprint(eventId);
        if (table[slotOf(fingerprint)] == fingerprint) {
            return false;
        }
        if (size == capacity) {
            remove(order[next]);
        } else {
            grow();
            size++;
        }
        table[slotOf(fingerprint)] = fingerprint;
        order[next] = fingerprint;
        next = next + 1 == capacity ? 0 : next + 1;
        return true;
    }

    /** Whether {@code eventId} was heard already (as far as this memory reaches); remembers nothing. */
    public synchronized boolean heard(String eventId) {
        long fingerprint = fingerprint(eventId);
        return table[slotOf(fingerprint)] == fingerprint;
    }

    /** How many ids are remembered now. */
    public synchronized int size() {
        return size;
    }

    /** Makes room for one more while not yet full: the order fills from 0 up, so it only has to be longer. */
    private void grow() {
        if (size == order.length) {
            order = Arrays.copyOf(order, Math.min(capacity, Math.max(FIRST_SIZE, size * 2)));
        }
        if ((size + 1) * 2 > table.length) {
            table = new long[table.length * 2];
            for (int i = 0; i < size; i++) {
                table[slotOf(order[i])] = order[i];
            }
        }
    }

    /** The slot holding {@code fingerprint}, or the free slot where it would go. */
    private int slotOf(long fingerprint) {
        int mask = table.length - 1;
        int slot = (int) fingerprint & mask;
        while (table[slot] != EMPTY && table[slot] != fingerprint) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Frees the slot of a remembered fingerprint, moving back those after it that probed past it (no tombstones). */
    private void remove(long fingerprint) {
        int mask = table.length - 1;
        int free = slotOf(fingerprint);
        int slot = free;
        while (true) {
            slot = (slot + 1) & mask;
            long moving = table[slot];
            if (moving == EMPTY) {
                break;
            }
            int home = (int) moving & mask;
            // it may move to the free slot unless its home lies cyclically after the free slot, up to its own slot
            boolean homeBetween = free <= slot ? free < home && home <= slot : free < home || home <= slot;
            if (!homeBetween) {
                table[free] = moving;
                free = slot;
            }
        }
        table[free] = EMPTY;
    }

    /** FNV-1a over the characters, then MurmurHash3's finaliser so that every bit depends on every character. */
    static long fingerprint(String eventId) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < eventId.length(); i++) {
            hash = (hash ^ eventId.charAt(i)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash == EMPTY ? 1 : hash;
    }
}
