package org.astronrpa.openapi.application.robot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Robot record writes queue in memory beyond their permits, and a failing one gives its permit back. */
class RecordWritesTest {
    @Test
    void atMostThePermittedWritesRunAtOnceAndEveryOneRuns() throws Exception {
        RecordWrites writes = new RecordWrites(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            threads.add(Thread.ofVirtual().start(() -> writes.run(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return done.incrementAndGet();
            })));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(16, done.get());
        assertEquals(2, most.get());
    }

    @Test
    void aFailedWriteGivesItsPermitBack() {
        RecordWrites writes = new RecordWrites(1);
        assertThrows(IllegalStateException.class, () -> writes.run(() -> {
            throw new IllegalStateException("the database is away");
        }));
        assertEquals("next", writes.run(() -> "next"));
    }
}
