package org.astronrpa.openapi.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.astronrpa.openapi.domain.schedule.Schedule;
import org.astronrpa.openapi.domain.schedule.ScheduleDefinition;
import org.astronrpa.openapi.domain.schedule.ScheduleId;
import org.astronrpa.openapi.domain.shared.UserId;
import org.astronrpa.openapi.domain.workflow.ProjectId;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's scans on a real database: what one transaction takes with {@code lockDue} another, scanning
 * meanwhile, passes over at once (it neither waits nor takes the same schedules) — several instances' passes share
 * the due schedules out between them.
 */
abstract class DueScheduleLocksContract {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    /** A migrated database with no schedules in it. */
    abstract Database emptyDatabase();

    /**
     * Whether the scan held off goes on to the next due schedules (MySQL/MariaDB); H2 answers none while another
     * transaction holds some (its one instance then runs one scan at a time).
     */
    abstract boolean takesTheNextOnes();

    @Test
    void aScanPassesOverTheSchedulesAnotherScanHolds() throws Exception {
        Database database = emptyDatabase();
        for (int i = 0; i < 10; i++) {
            ScheduleDefinition every = ScheduleDefinition.checked(new ProjectId("p-" + i), "{}", null, 60L, null, null,
                    null, null, null, null, null, null, null, null, java.time.Duration.ofSeconds(60));
            database.schedules().insert(Schedule.create(new ScheduleId("s-" + i), new UserId("alice"), every, T0));
        }
        Instant now = T0.plusSeconds(3600);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // threads of their own: the common pool may have a single one (two cores), which the first would hold
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() ->
                database.transactions().atomically(() -> {
                    List<String> taken = ids(database.schedules().lockDue(now, 4));
                    held.countDown();
                    await(release);
                    return taken;
                }), threads);
        assertTrue(held.await(10, TimeUnit.SECONDS));
        List<String> second = CompletableFuture.supplyAsync(() -> database.transactions().atomically(() ->
                ids(database.schedules().lockDue(now, 100))), threads).get(10, TimeUnit.SECONDS);   // no waiting
        threads.shutdown();
        release.countDown();
        List<String> firstTook = first.get(10, TimeUnit.SECONDS);
        assertEquals(4, firstTook.size());
        assertEquals(takesTheNextOnes() ? 6 : 0, second.size(), "the other six, or none: " + second);
        Set<String> all = new HashSet<>(firstTook);
        all.addAll(second);
        assertEquals(4 + second.size(), all.size(), "none taken twice");
        // once the first transaction ended its schedules are free again
        assertEquals(10, database.transactions().atomically(() -> database.schedules().lockDue(now, 100)).size());
    }

    private static List<String> ids(List<Schedule> schedules) {
        return schedules.stream().map(s -> s.id().value()).toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
