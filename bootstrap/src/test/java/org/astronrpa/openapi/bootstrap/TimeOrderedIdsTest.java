package org.astronrpa.openapi.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-12-06T15:00:00Z").toEpochMilli());
    private final TimeOrderedIds ids = new TimeOrderedIds(() -> Instant.ofEpochMilli(millis.get()),
            new SecureRandom()::nextBytes);

    @Test
    void theyAreVersion7UuidsCarryingTheirMillisecond() {
        UUID id = UUID.fromString(ids.newId());
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(millis.get(), id.getMostSignificantBits() >>> 16, "the first 48 bits are the Unix milliseconds");
    }

    @Test
    void theirTextSortsByCreationTimeAndTheyDoNotRepeat() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            if (i % 100 == 0) {
                millis.addAndGet(1);
            }
            made.add(ids.newId());
        }
        assertEquals(made.size(), new HashSet<>(made).size());
        for (int i = 100; i < made.size(); i += 100) {
            assertTrue(made.get(i - 1).compareTo(made.get(i)) < 0, made.get(i - 1) + " then " + made.get(i));
        }
    }

    @Test
    void theRandomPartIsTheRandomSources() {
        TimeOrderedIds zeros = new TimeOrderedIds(() -> Instant.ofEpochMilli(0x0123456789abL), bytes -> { });
        TimeOrderedIds ones = new TimeOrderedIds(() -> Instant.ofEpochMilli(0x0123456789abL),
                bytes -> java.util.Arrays.fill(bytes, (byte) 0xff));
        assertEquals("01234567-89ab-7000-8000-000000000000", zeros.newId());
        assertEquals("01234567-89ab-7fff-bfff-ffffffffffff", ones.newId());
    }
}
