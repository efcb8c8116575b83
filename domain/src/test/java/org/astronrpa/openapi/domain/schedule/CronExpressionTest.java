package org.astronrpa.openapi.domain.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.astronrpa.openapi.domain.shared.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The five-field dialect: what matches, and what is refused with the field named. */
class CronExpressionTest {

    private static List<LocalDateTime> firings(String cron, String after, int n) {
        CronExpression expression = CronExpression.parse("cron", cron);
        List<LocalDateTime> out = new ArrayList<>();
        LocalDateTime at = LocalDateTime.parse(after);
        for (int i = 0; i < n; i++) {
            at = expression.nextAfter(at).orElseThrow();
            out.add(at);
        }
        return out;
    }

    private static List<LocalDateTime> times(String... texts) {
        return java.util.Arrays.stream(texts).map(LocalDateTime::parse).toList();
    }

    @Test
    void workingHoursEveryQuarterOfAnHour() {
        // 2026-12-04 is a Friday
        assertEquals(times("2026-12-04T17:15", "2026-12-04T17:30", "2026-12-04T17:45", "2026-12-07T09:00"),
                firings("*/15 9-17 * * MON-FRI", "2026-12-04T17:00", 4));
    }

    @Test
    void bothDayFieldsRestrictedMeansEitherDay() {
        // the 1st of each month and every Monday; 2027-01-01 is a Friday
        assertEquals(times("2026-12-28T09:00", "2027-01-01T09:00", "2027-01-04T09:00"),
                firings("0 9 1 * mon", "2026-12-22T09:00", 3));
        // a starred day field leaves the other alone: Mondays only
        assertEquals(times("2026-12-28T09:00", "2027-01-04T09:00"), firings("0 9 * * 1", "2026-12-22T09:00", 2));
        // */2 counts as starred (Vixie): every other day of the month, Fridays among them only
        assertEquals(times("2027-01-01T00:00", "2027-01-15T00:00"), firings("0 0 */2 * 5", "2026-12-31T00:00", 2));
    }

    @Test
    void listsRangesStepsNamesAndSundayAsSeven() {
        assertEquals(times("2026-12-06T00:05", "2026-12-06T00:10", "2026-12-06T00:20", "2026-12-06T00:40"),
                firings("5,10,20-59/20 0 * DEC sun", "2026-12-06T00:00", 4));
        assertEquals(firings("0 12 * * 0", "2026-12-01T00:00", 5), firings("0 12 * * 7", "2026-12-01T00:00", 5));
        assertEquals(times("2026-12-06T00:30", "2026-12-06T00:45", "2026-12-06T01:30"),
                firings("30/15 * * * *", "2026-12-06T00:29", 3));
    }

    @ParameterizedTest
    @CsvSource({
        "@yearly, 2027-01-01T00:00", "@annually, 2027-01-01T00:00", "@monthly, 2027-01-01T00:00",
        "@weekly, 2026-12-06T00:00", "@daily, 2026-12-05T00:00", "@midnight, 2026-12-05T00:00",
        "@HOURLY, 2026-12-04T11:00"})
    void macros(String macro, String first) {
        assertEquals(times(first), firings(macro, "2026-12-04T10:30", 1));
    }

    @Test
    void theTwentyNinthOfFebruaryWaitsForALeapYear() {
        assertEquals(times("2028-02-29T00:00", "2032-02-29T00:00"), firings("0 0 29 2 *", "2026-12-04T00:00", 2));
    }

    @Test
    void aMatchIsStrictlyAfterAndOnWholeMinutes() {
        assertEquals(times("2026-12-04T10:31"), firings("* * * * *", "2026-12-04T10:30:59.999", 1));
        assertEquals(times("2026-12-04T10:31"), firings("* * * * *", "2026-12-04T10:30", 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''| is required",
        "0 0 * *| five fields",
        "0 0 * * * *| five fields",
        "@reboot| unknown macro",
        "60 * * * *| minute field: 60",
        "* 24 * * *| hour field: 24",
        "* * 0 * *| day-of-month field: 0",
        "* * * 13 *| month field: 13",
        "* * * * 8| day-of-week field: 8",
        "* * * FOO *| 'FOO' is not a number or a name",
        "5-1 * * * *| runs backwards",
        "*/0 * * * *| minute field: 0",
        "1,,2 * * * *| empty list item",
        "? * * * *| is not a number",
        "0 0 L * *| is not a number",
        "0 0 30 2 *| no date matches",
        "0 0 31 4,6,9,11 *| no date matches"})
    void refusalsNameTheFieldAndThePart(String cron, String says) {
        InvalidInput refused = assertThrows(InvalidInput.class, () -> CronExpression.parse("cron", cron));
        assertEquals("cron", refused.errors().get(0).field());
        assertTrue(refused.getMessage().contains(says), refused.getMessage());
    }

    @Test
    void anOverlongExpressionIsRefused() {
        assertThrows(InvalidInput.class, () -> CronExpression.parse("cron", "1,".repeat(150) + "1 * * * *"));
    }
}
