package org.astronrpa.openapi.domain.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.astronrpa.openapi.domain.shared.InvalidInput;

/**
 * A five-field cron expression, as Vixie cron and its descendants (cronie, the Debian and BSD crons) read it:
 * {@code minute hour day-of-month month day-of-week}, on a wall clock (the time zone is the schedule's).
 * <ul>
 *   <li>minute 0-59, hour 0-23, day of month 1-31, month 1-12 or {@code JAN}-{@code DEC}, day of week 0-7
 *       ({@code 0} and {@code 7} are Sunday) or {@code SUN}-{@code SAT}; names in any case;</li>
 *   <li>each field a comma-separated list of {@code *}, {@code n}, {@code a-b}, each optionally {@code /step}
 *       ({@code a/step} runs from {@code a} to the field's end);</li>
 *   <li>when both day fields are restricted (neither starts with {@code *}), a day matches when <em>either</em> does
 *       ({@code 0 9 1 * MON}: the 1st of each month and every Monday); else both must;</li>
 *   <li>the macros {@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly}, {@code @daily}
 *       ({@code @midnight}) and {@code @hourly}.</li>
 * </ul>
 * Not accepted: seconds or years fields, {@code L}, {@code W}, {@code #}, {@code ?}, {@code @reboot}; an expression no
 * date can match ({@code 0 0 30 2 *}). Pure: what matches is decided here, where it fires by {@link Recurrence}.
 */
public final class CronExpression {
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
        "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    /** How far ahead a match is looked for: longer than any cycle of month days and weekdays (28 years). */
    private static final int HORIZON_YEARS = 29;
    private static final int MAX_LENGTH = 200;

    private final String text;
    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    private final boolean eitherDay;

    private CronExpression(String text, long minutes, long hours, long daysOfMonth, long months, long daysOfWeek,
                           boolean eitherDay) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.eitherDay = eitherDay;
    }

    /**
     * Reads {@code text}, sent in {@code field}.
     *
     * @throws InvalidInput naming {@code field} and saying what is wrong where
     */
    public static CronExpression parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw InvalidInput.of(field, "is required: five fields (minute hour day-of-month month day-of-week) or a"
                    + " macro such as @daily");
        }
        if (text.length() > MAX_LENGTH) {
            throw InvalidInput.of(field, "must be at most " + MAX_LENGTH + " characters");
        }
        String trimmed = text.trim();
        String expanded = trimmed.startsWith("@") ? MACROS.get(trimmed.toLowerCase(Locale.ROOT)) : trimmed;
        if (expanded == null) {
            throw InvalidInput.of(field, "unknown macro '" + trimmed + "' (known: @yearly, @annually, @monthly,"
                    + " @weekly, @daily, @midnight, @hourly)");
        }
        String[] parts = expanded.split("\\s+");
        if (parts.length != 5) {
            throw InvalidInput.of(field, "must have five fields (minute hour day-of-month month day-of-week), got "
                    + parts.length);
        }
        long minutes = bits(field, "minute", parts[0], 0, 59, null);
        long hours = bits(field, "hour", parts[1], 0, 23, null);
        long daysOfMonth = bits(field, "day-of-month", parts[2], 1, 31, null);
        long months = bits(field, "month", parts[3], 1, 12, MONTHS);
        long daysOfWeek = bits(field, "day-of-week", parts[4], 0, 7, DAYS);
        if ((daysOfWeek & (1L << 7)) != 0) {
            daysOfWeek = (daysOfWeek | 1L) & ~(1L << 7);   // 7 is Sunday too
        }
        boolean eitherDay = !parts[2].startsWith("*") && !parts[4].startsWith("*");
        CronExpression cron = new CronExpression(trimmed, minutes, hours, daysOfMonth, months, daysOfWeek, eitherDay);
        if (cron.nextAfter(LocalDateTime.of(2000, 1, 1, 0, 0).minusMinutes(1)).isEmpty()) {
            throw InvalidInput.of(field, "no date matches '" + trimmed + "' (day " + parts[2] + " of month "
                    + parts[3] + ")");
        }
        return cron;
    }

    /** The expression as it was given (trimmed). */
    public String text() {
        return text;
    }

    /**
     * The first wall-clock minute strictly after {@code after} that matches; empty when none does within
     * {@value #HORIZON_YEARS} years (which {@link #parse} refuses, so never for a parsed expression).
     */
    public Optional<LocalDateTime> nextAfter(LocalDateTime after) {
        LocalDateTime at = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        int lastYear = at.getYear() + HORIZON_YEARS;
        while (at.getYear() <= lastYear) {
            if (!has(months, at.getMonthValue())) {
                at = at.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
            } else if (!dayMatches(at.toLocalDate())) {
                at = at.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!has(hours, at.getHour())) {
                at = at.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!has(minutes, at.getMinute())) {
                int next = Long.numberOfTrailingZeros(minutes & (-1L << at.getMinute()));
                at = next < 60 ? at.withMinute(next) : at.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate date) {
        boolean monthDay = has(daysOfMonth, date.getDayOfMonth());
        boolean weekDay = has(daysOfWeek, date.getDayOfWeek().getValue() % 7);
        return eitherDay ? monthDay || weekDay : monthDay && weekDay;
    }

    private static boolean has(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }

    /** The values one field allows, as bits; refusals name the cron field and the part of it. */
    private static long bits(String field, String name, String spec, int min, int max, String[] names) {
        long bits = 0;
        for (String item : spec.split(",", -1)) {
            if (item.isEmpty()) {
                throw InvalidInput.of(field, name + " field '" + spec + "' has an empty list item");
            }
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(field, name, item.substring(slash + 1), item, 1, max - min + 1, null);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                if (dash >= 0) {
                    from = number(field, name, range.substring(0, dash), item, min, max, names);
                    to = number(field, name, range.substring(dash + 1), item, min, max, names);
                    if (to < from) {
                        throw InvalidInput.of(field, name + " range '" + item + "' runs backwards");
                    }
                } else {
                    from = number(field, name, range, item, min, max, names);
                    to = slash >= 0 ? max : from;
                }
            }
            for (int value = from; value <= to; value += step) {
                bits |= 1L << value;
            }
        }
        return bits;
    }

    private static int number(String field, String name, String text, String item, int min, int max, String[] names) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(text)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        if (text.isEmpty() || text.length() > 2 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw InvalidInput.of(field, name + " field: '" + item + "' is not a number"
                    + (names == null ? "" : " or a name") + " of " + min + "-" + max);
        }
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw InvalidInput.of(field, name + " field: " + value + " in '" + item + "' is outside " + min + "-" + max);
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronExpression cron && text.equals(cron.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
