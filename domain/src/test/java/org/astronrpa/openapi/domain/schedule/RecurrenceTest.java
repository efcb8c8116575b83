package org.astronrpa.openapi.domain.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.junit.jupiter.api.Test;

/** Fire times on a wall clock across daylight-saving changes, in two zones, and every so often from an anchor. */
class RecurrenceTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static List<Instant> firings(Recurrence recurrence, String after, int n) {
        List<Instant> out = new ArrayList<>();
        Instant at = Instant.parse(after);
        for (int i = 0; i < n; i++) {
            at = recurrence.nextAfter(at).orElseThrow();
            out.add(at);
        }
        return out;
    }

    private static Recurrence cron(String expression, ZoneId zone) {
        return new Recurrence.Cron(CronExpression.parse("cron", expression), zone);
    }

    private static List<Instant> instants(String... texts) {
        return java.util.Arrays.stream(texts).map(Instant::parse).toList();
    }

    @Test
    void aWallTimeSkippedByTheClockFiresWhenTheJumpEnds_NewYork() {
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist that day
        assertEquals(instants("2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"),
                firings(cron("30 2 * * *", NEW_YORK), "2026-03-07T00:00:00Z", 3));
    }

    @Test
    void everySkippedTimeOfAJumpFiresOnceAtItsEnd_NewYork() {
        // 01:45 EST, then 02:00-02:45 (none exist) and 03:00 EDT are one instant: 07:00Z, once
        assertEquals(instants("2026-03-08T06:45:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:15:00Z"),
                firings(cron("*/15 * * * *", NEW_YORK), "2026-03-08T06:30:00Z", 3));
    }

    @Test
    void aWallTimeSeenTwiceFiresOnceTheFirstTime_NewYork() {
        // 2026-11-01: 02:00 EDT goes back to 01:00 EST; 01:30 happens at 05:30Z and 06:30Z
        assertEquals(instants("2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
                firings(cron("30 1 * * *", NEW_YORK), "2026-10-31T00:00:00Z", 3));
        // every 20 minutes: the repeated hour is not run again; 02:00 EST follows 01:40 EDT
        assertEquals(instants("2026-11-01T05:20:00Z", "2026-11-01T05:40:00Z", "2026-11-01T07:00:00Z"),
                firings(cron("*/20 * * * *", NEW_YORK), "2026-11-01T05:00:00Z", 3));
        // asked from inside the repeated hour (an instance that started then), the next is after it
        assertEquals(instants("2026-11-01T07:00:00Z"), firings(cron("*/20 * * * *", NEW_YORK), "2026-11-01T06:10:00Z", 1));
    }

    @Test
    void theSameRulesInParis() {
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST
        assertEquals(instants("2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"),
                firings(cron("30 2 * * *", PARIS), "2026-03-28T00:00:00Z", 3));
        // 2026-10-25: 03:00 CEST goes back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z
        assertEquals(instants("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"),
                firings(cron("30 2 * * *", PARIS), "2026-10-24T00:00:00Z", 3));
    }

    @Test
    void aZoneWithAHalfHourJump() {
        // Lord Howe Island: 2026-10-04 02:00 (+10:30) jumps to 02:30 (+11:00)
        ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
        assertEquals(instants("2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"),
                firings(cron("15 2 * * *", lordHowe), "2026-10-03T12:00:00Z", 2));
    }

    @Test
    void fireTimesComeFromTheSpecWhateverTheQuestionsTime() {
        Recurrence daily = cron("0 6 * * *", ZoneId.of("UTC"));
        assertEquals(instants("2026-12-05T06:00:00Z"), firings(daily, "2026-12-04T06:00:00Z", 1));
        assertEquals(instants("2026-12-05T06:00:00Z"), firings(daily, "2026-12-04T06:00:59.999Z", 1));
        Recurrence every = new Recurrence.Every(Duration.ofSeconds(90), Instant.parse("2026-12-04T10:00:00Z"));
        assertEquals(instants("2026-12-04T10:00:00Z", "2026-12-04T10:01:30Z"), firings(every, "2026-12-01T00:00:00Z", 2));
        assertEquals(instants("2026-12-04T10:03:00Z", "2026-12-04T10:04:30Z"),
                firings(every, "2026-12-04T10:01:30Z", 2));
        assertEquals(instants("2026-12-04T10:03:00Z"), firings(every, "2026-12-04T10:02:59.5Z", 1));
    }

    @Test
    void timeZonesAreIanaNamesOrOffsets() {
        assertEquals(PARIS, Recurrence.zone("timezone", "Europe/Paris"));
        assertEquals(ZoneId.of("UTC"), Recurrence.zone("timezone", "UTC"));
        InvalidInput unknown = assertThrows(InvalidInput.class, () -> Recurrence.zone("timezone", "Mars/Olympus"));
        assertEquals("timezone", unknown.errors().get(0).field());
        assertThrows(InvalidInput.class, () -> Recurrence.zone("timezone", " "));
    }
}
