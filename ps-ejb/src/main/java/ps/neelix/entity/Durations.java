package ps.neelix.entity;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in config files: {@code 90} (seconds), {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}, {@code 500ms}, ISO {@code PT5M}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException saying what is accepted */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (value.startsWith("p")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher part = PART.matcher(value.replace(" ", ""));
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            switch (part.group(2)) {
                case "ms": total = total.plusMillis(amount); break;
                case "s": total = total.plusSeconds(amount); break;
                case "m": total = total.plusMinutes(amount); break;
                case "h": total = total.plusHours(amount); break;
                default: total = total.plusDays(amount); break;
            }
            end = part.end();
        }
        if (end == 0 || end != value.replace(" ", "").length()) {
            throw invalid(text);
        }
        return total;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text
                + "' is not a duration: write seconds (90) or e.g. 30s, 5m, 1h30m, 2d, 500ms, PT5M");
    }

    /** Short human text: 90 s → "1m30s", 0 → "0s". */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long days = millis / 86_400_000L;
        long hours = millis / 3_600_000L % 24;
        long minutes = millis / 60_000L % 60;
        long seconds = millis / 1000 % 60;
        long rest = millis % 1000;
        if (days > 0) {
            text.append(days).append('d');
        }
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        if (rest > 0) {
            text.append(rest).append("ms");
        }
        return text.toString();
    }
}
