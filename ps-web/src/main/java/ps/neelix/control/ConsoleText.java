package ps.neelix.control;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import ps.neelix.entity.Durations;

/**
 * How the neelix console pages show times and durations. The arguments are Objects because EL would turn
 * a null Long into 0; none shows as a dash.
 */
public final class ConsoleText {
    private static final String NONE = "—";

    private ConsoleText() {
    }

    /** ISO-8601 with the server's zone, to the second. */
    public static String time(Object epochMillis) {
        return !(epochMillis instanceof Number) ? NONE : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.ofEpochMilli(((Number) epochMillis).longValue()).atZone(ZoneId.systemDefault())
                        .truncatedTo(ChronoUnit.SECONDS));
    }

    public static String duration(Object millis) {
        return !(millis instanceof Number) ? NONE : Durations.format(Duration.ofMillis(((Number) millis).longValue()));
    }
}
