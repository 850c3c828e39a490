package ps.batch.entity;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.ejb.ScheduleExpression;

/**
 * A cron expression: five fields as in crontab ({@code minute hour day-of-month month day-of-week}) or six
 * with seconds first. Each field: {@code *}, a value, a range {@code a-b}, a step {@code * /n} or {@code a-b/n},
 * or a comma list of those; months and weekdays also by name ({@code JAN}, {@code MON}); Sunday is 0 or 7.
 * As in cron, when both day fields are restricted a day matching either fires.
 */
public final class Cron {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("JAN", "1"), Map.entry("FEB", "2"), Map.entry("MAR", "3"), Map.entry("APR", "4"),
            Map.entry("MAY", "5"), Map.entry("JUN", "6"), Map.entry("JUL", "7"), Map.entry("AUG", "8"),
            Map.entry("SEP", "9"), Map.entry("OCT", "10"), Map.entry("NOV", "11"), Map.entry("DEC", "12"),
            Map.entry("SUN", "0"), Map.entry("MON", "1"), Map.entry("TUE", "2"), Map.entry("WED", "3"),
            Map.entry("THU", "4"), Map.entry("FRI", "5"), Map.entry("SAT", "6"));

    private final String text;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean daysRestricted;
    private final boolean weekdaysRestricted;

    private Cron(String text, String[] f) {
        this.text = text;
        seconds = field(f[0], 0, 59, "second");
        minutes = field(f[1], 0, 59, "minute");
        hours = field(f[2], 0, 23, "hour");
        days = field(f[3], 1, 31, "day of month");
        months = field(f[4], 1, 12, "month");
        BitSet week = field(f[5], 0, 7, "day of week");
        if (week.get(7)) {
            week.set(0);
            week.clear(7);
        }
        weekdays = week;
        daysRestricted = !isAll(f[3]);
        weekdaysRestricted = !isAll(f[5]);
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static Cron parse(String text) {
        String[] fields = text == null ? new String[0] : text.trim().toUpperCase(Locale.ROOT).split("\\s+");
        if (fields.length == 5) {
            fields = new String[] {"0", fields[0], fields[1], fields[2], fields[3], fields[4]};
        } else if (fields.length != 6) {
            throw new IllegalArgumentException("cron '" + text + "' needs 5 fields (minute hour day month weekday) or 6 (second first)");
        }
        return new Cron(text.trim(), fields);
    }

    private static boolean isAll(String field) {
        return field.equals("*") || field.equals("?");
    }

    private static BitSet field(String text, int min, int max, String what) {
        BitSet set = new BitSet();
        for (String part : text.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), what, part);
                if (step < 1) {
                    throw new IllegalArgumentException("cron " + what + " '" + part + "': step must be at least 1");
                }
            }
            int from;
            int to;
            if (isAll(range)) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], what, part);
                to = number(ends[1], what, part);
            } else {
                from = number(range, what, part);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to) {
                throw new IllegalArgumentException("cron " + what + " '" + part + "' is outside " + min + "-" + max);
            }
            for (int value = from; value <= to; value += step) {
                set.set(value);
            }
        }
        return set;
    }

    private static int number(String text, String what, String part) {
        String value = NAMES.getOrDefault(text, text);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cron " + what + " '" + part + "' is not a number, range or step");
        }
    }

    private boolean dayMatches(LocalDate date) {
        if (!months.get(date.getMonthValue())) {
            return false;
        }
        boolean day = days.get(date.getDayOfMonth());
        boolean weekday = weekdays.get(date.getDayOfWeek().getValue() % 7);
        if (daysRestricted && weekdaysRestricted) {
            return day || weekday;
        }
        return day && weekday;
    }

    /** True when {@code at}, to the second, is a fire time. */
    public boolean matches(ZonedDateTime at) {
        return seconds.get(at.getSecond()) && minutes.get(at.getMinute()) && hours.get(at.getHour())
                && dayMatches(at.toLocalDate());
    }

    /** The first fire time strictly after {@code after}, in its zone; null when none within 5 years. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZoneId zone = after.getZone();
        LocalDate date = after.toLocalDate();
        for (int i = 0; i < 366 * 5; i++, date = date.plusDays(1)) {
            if (!dayMatches(date)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    for (int s = seconds.nextSetBit(0); s >= 0; s = seconds.nextSetBit(s + 1)) {
                        ZonedDateTime candidate = LocalDateTime.of(date, LocalTime.of(h, m, s)).atZone(zone);
                        if (candidate.isAfter(after)) {
                            return candidate;
                        }
                    }
                }
            }
        }
        return null;
    }

    /** The same schedule for the EJB timer service, as explicit value lists, in the given zone. */
    public ScheduleExpression toSchedule(ZoneId zone) {
        ScheduleExpression schedule = new ScheduleExpression()
                .second(list(seconds, 0, 59))
                .minute(list(minutes, 0, 59))
                .hour(list(hours, 0, 23))
                .month(list(months, 1, 12))
                .timezone(zone.getId());
        if (daysRestricted && weekdaysRestricted) {
            // the EJB timer service wants both to match; cron wants either: ask for both lists' days and let
            // the timeout check the day (see Jobs.fire)
            schedule.dayOfMonth("*").dayOfWeek("*");
        } else {
            schedule.dayOfMonth(list(days, 1, 31)).dayOfWeek(list(weekdays, 0, 6));
        }
        return schedule;
    }

    /** True when the cron would fire on this day (used when the timer cannot say it exactly). */
    public boolean firesOn(LocalDate date) {
        return dayMatches(date);
    }

    private static String list(BitSet set, int min, int max) {
        if (set.cardinality() == max - min + 1) {
            return "*";
        }
        return set.stream().mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return text;
    }
}
