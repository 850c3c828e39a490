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

    private FilterParameters() {
    }

    /** @throws IllegalArgumentException naming the parameter and what it accepts */
    public static LogFilter parse(Map<String, List<String>> parameters) {
        LogFilter filter = new LogFilter();
        for (LogField field : LogFilter.ID_FIELDS) {
            filter.equal(field, value(parameters, field.column()));
        }
        String from = value(parameters, "from", "starting_at");
        if (from != null) {
            filter.from(time("from", from));
        }
        String to = value(parameters, "to");
        if (to != null) {
            filter.to(time("to", to));
        }
        String level = value(parameters, "level", "notify_level");
        if (level != null) {
            try {
                filter.minLevel(Level.parse(level).number());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter level: " + e.getMessage());
            }
        }
        filter.text(value(parameters, "text", "pattern"));
        filter.contains(value(parameters, "contains"));
        String limit = value(parameters, "limit", "num_records");
        if (limit != null) {
            filter.limit(number("limit", limit, 1, LogFilter.MAX_LIMIT));
        }
        String offset = value(parameters, "offset");
        if (offset != null) {
            filter.offset(number("offset", offset, 0, Integer.MAX_VALUE));
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
            try {
                filter.sort(LogFilter.Sort.parse(sort));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("parameter " + e.getMessage());
            }
        }
        return filter;
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

    public static long time(String name, String value) {
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(value);
            }
            try {
                return OffsetDateTime.parse(value).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return Instant.parse(value).toEpochMilli();
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("parameter " + name + " must be ISO-8601 with a zone"
                    + " (2026-11-26T12:00:00Z) or epoch milliseconds, not '" + value + "'");
        }
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("parameter " + name + " must be a number in " + min + ".." + max
                + ", not '" + value + "'");
    }
}
