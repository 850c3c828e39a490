package ps.herald.control;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import ps.client.Level;
import ps.client.LogField;
import ps.store.entity.LogFilter;

/**
 * Reads a {@link LogFilter} from query parameters. PS's own names and the original console's list
 * parameters both work, so old scripts keep running:
 * <ul>
 * <li>{@code system_id}, {@code sub_system_id}, {@code sub_sub_system_id}, {@code produkt_id},
 *     {@code user_spec_1}, {@code user_spec_2}, {@code package_version}, {@code stage}: exact match;
 *     the original's {@code not_selected} means no filter</li>
 * <li>{@code from} / {@code starting_at}, {@code to}: ISO-8601 with zone, or epoch milliseconds</li>
 * <li>{@code level} / {@code notify_level}: minimum level, a name or a number</li>
 * <li>{@code text} / {@code pattern}: words of message, logger, module or function; {@code contains}: a
 *     substring of them, also inside words (slower: it reads every row in range)</li>
 * <li>{@code limit} / {@code num_records}, {@code offset}, {@code order} ({@code asc} or {@code desc}),
 *     {@code sort} ({@code time}, {@code level} or {@code system}; ties by time)</li>
 * </ul>
 */
public final class FilterParameters {
    private static final String NOT_SELECTED = "not_selected";
    /** A page of the API holds at most this many records (the console's page sizes end at 500 too). */
    public static final int MAX_PAGE = 500;
    /** The latest time a parameter may name: 9999-12-31T23:59:59.999Z; the earliest is the epoch. */
    public static final long MAX_TIME = 253_402_300_799_999L;

    private FilterParameters() {
    }

    /** @throws IllegalArgumentException naming the parameter and what it accepts */
    public static LogFilter parse(Map<String, List<String>> parameters) {
        LogFilter filter = new LogFilter();
        for (LogField field : LogFilter.ID_FIELDS) {
            String value = value(parameters, field.column());
            named(() -> filter.equal(field, value));
        }
        String from = value(parameters, "from", "starting_at");
        if (from != null) {
            filter.from(time("from", from));
        }
        String to = value(parameters, "to");
        if (to != null) {
            filter.to(time("to", to));
        }
        checkOrder(filter.from(), filter.to());
        String level = value(parameters, "level", "notify_level");
        if (level != null) {
            try {
                filter.minLevel(Level.parse(level).number());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter level: " + e.getMessage());
            }
        }
        String text = value(parameters, "text", "pattern");
        named(() -> filter.text(text));
        String contains = value(parameters, "contains");
        named(() -> filter.contains(contains));
        String limit = value(parameters, "limit", "num_records");
        if (limit != null) {
            filter.limit(number("limit", limit, 1, MAX_PAGE));
        }
        String offset = value(parameters, "offset");
        if (offset != null) {
            filter.offset(number("offset", offset, 0, LogFilter.MAX_OFFSET));
        }
        String order = value(parameters, "order");
        if (order != null) {
            switch (order.toLowerCase(java.util.Locale.ROOT)) {
                case "asc": case "ascending": filter.ascending(true); break;
                case "desc": case "descending": filter.ascending(false); break;
                default: throw new IllegalArgumentException("parameter order must be asc or desc, not '" + order + "'");
            }
        }
        String sort = value(parameters, "sort");
        if (sort != null) {
            named(() -> filter.sort(LogFilter.Sort.parse(sort)));
        }
        return filter;
    }

    /** A refusal of the filter (its message starts with the parameter's name) as a parameter's refusal. */
    private static void named(Runnable setting) {
        try {
            setting.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException when both times are given and from is after to */
    public static void checkOrder(Long from, Long to) {
        if (from != null && to != null && from > to) {
            throw new IllegalArgumentException("parameter from must not be after to (" + java.time.Instant.ofEpochMilli(from)
                    + " > " + java.time.Instant.ofEpochMilli(to) + ")");
        }
    }

    private static String value(Map<String, List<String>> parameters, String... names) {
        for (String name : names) {
            List<String> values = parameters.get(name);
            if (values != null && !values.isEmpty()) {
                String value = values.get(0);
                if (value != null && !value.isBlank() && !NOT_SELECTED.equals(value)) {
                    return value.trim();
                }
            }
        }
        return null;
    }

    /**
     * A time parameter: ISO-8601 with a zone, or epoch milliseconds, from the epoch to the end of year 9999.
     *
     * @throws IllegalArgumentException naming the parameter
     */
    public static long time(String name, String value) {
        long time;
        try {
            if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                time = value.length() <= 18 ? Long.parseLong(value) : Long.MAX_VALUE; // beyond the range below
            } else if (value.length() > 64) {
                throw new NumberFormatException("too long");
            } else {
                try {
                    time = OffsetDateTime.parse(value).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    time = Instant.parse(value).toEpochMilli();
                }
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("parameter " + name + " must be ISO-8601 with a zone"
                    + " (2026-11-26T12:00:00Z) or epoch milliseconds, not '" + shortened(value) + "'");
        }
        if (time < 0 || time > MAX_TIME) {
            throw new IllegalArgumentException("parameter " + name + " must lie between 1970-01-01T00:00:00Z and"
                    + " 9999-12-31T23:59:59.999Z (epoch ms 0.." + MAX_TIME + "), not '" + shortened(value) + "'");
        }
        return time;
    }

    /** A parameter's value as a message quotes it: attacker text, so not all of it. */
    static String shortened(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    /**
     * A whole-number parameter within bounds.
     *
     * @throws IllegalArgumentException naming the parameter and its range
     */
    public static int number(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("parameter " + name + " must be a number in " + min + ".." + max
                + ", not '" + shortened(value) + "'");
    }
}
