package org.astronrpa.openapi.domain.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecentEventIdsTest {

    @Test
    void anIdIsHeardTheFirstTimeOnlyAndAnotherIdIsNew() {
        RecentEventIds heard = new RecentEventIds(10);

        assertTrue(heard.firstTime("ev-1"));
        assertFalse(heard.firstTime("ev-1"));
        assertFalse(heard.firstTime("ev-1"));
        assertTrue(heard.firstTime("ev-2"));
        assertEquals(2, heard.size());
    }

    @Test
    void theOldestIdIsForgottenOnceCapacityNewerOnesWereHeard() {
        RecentEventIds heard = new RecentEventIds(3);
        List.of("a", "b", "c").forEach(heard::firstTime);

        assertFalse(heard.firstTime("a"), "a repeat does not make an id newer, nor forget one");
        assertTrue(heard.firstTime("d"), "the fourth id pushes out the oldest, a");
        assertTrue(heard.firstTime("a"), "a is forgotten");
        assertFalse(heard.firstTime("c"));
        assertFalse(heard.firstTime("d"));
        assertTrue(heard.firstTime("b"), "b was pushed out by a");
        assertEquals(3, heard.size());
    }

    /**
     * Against a plain insertion-ordered set of strings, over enough ids to grow the arrays, wrap the ring many
     * times and delete from long probe runs: the fingerprints and their table must answer exactly as the set does.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 1000, 1500, 5000})
    void answersAsAnOrderedSetOfTheLatestIdsWould(int capacity) {
        RecentEventIds heard = new RecentEventIds(capacity);
        LinkedHashSet<String> model = new LinkedHashSet<>();
        Random random = new Random(capacity);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            // mostly new ids, some repeats from just inside and just outside the memory
            String id = ids.isEmpty() || random.nextInt(3) > 0 ? UUID.nameUUIDFromBytes(("e" + i).getBytes()).toString()
                    : ids.get(Math.max(0, ids.size() - 1 - random.nextInt(capacity * 2 + 1)));
            ids.add(id);
            boolean expected = !model.contains(id);
            if (expected) {
                model.add(id);
                if (model.size() > capacity) {
                    model.remove(model.iterator().next());
                }
            }
            assertEquals(expected, heard.firstTime(id), "id " + i);
        }
        assertEquals(model.size(), heard.size());
    }

    @Test
    void ofManyThreadsHearingTheSameIdsEachIdIsFirstForExactlyOne() throws InterruptedException {
        RecentEventIds heard = new RecentEventIds(100_000);
        AtomicInteger firsts = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    if (heard.firstTime("ev-" + i)) {
                        firsts.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(20_000, firsts.get());
    }

    @Test
    void theFingerprintDependsOnEveryCharacterAndIsNeverTheEmptyMark() {
        assertTrue(RecentEventIds.fingerprint("ev-1") != RecentEventIds.fingerprint("ev-2"));
        assertTrue(RecentEventIds.fingerprint("1-ve") != RecentEventIds.fingerprint("ev-1"));
        assertTrue(RecentEventIds.fingerprint("") != 0);
    }

    @Test
    void aMemoryOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RecentEventIds(0));
    }
}
