package ps.store.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import ps.store.entity.LogFilter;

/**
 * {@link LogQuery}'s filter on PostgreSQL, with bound parameters only. PostgreSQL's planner picks among
 * the indexes itself (statistics, bitmap scans), so there is one statement and no plan choice here: words
 * go to the GIN index {@code log_words} (every word, the last one with {@code *} as a prefix, in any order;
 * newest arrived first, by id, as on SQLite), {@code contains} and punctuation-only text to the trigram index
 * {@code log_text}, then each text is tested on its own with ILIKE.
 */
final class PgLogQuery {
    static final String WORDS = "log_words(message, name, module, funcname) @@ to_tsquery('simple', ?)";

    private final LogFilter filter;
    private final String where;
    private final List<Object> values = new ArrayList<>();
    private final boolean words;

    PgLogQuery(LogFilter filter) {
        this.filter = filter;
        List<String> conditions = new ArrayList<>();
        String query = filter.text() == null ? null : tsquery(filter.text());
        words = query != null;
        if (words) {
            conditions.add(WORDS);
            values.add(query);
        } else if (filter.text() != null) {
            substring(filter.text(), conditions);
        }
        LogQuery.equalsAndTimes(filter, conditions, values);
        if (filter.minLevel() != null) {
            conditions.add("levelno >= ?");
            values.add(filter.minLevel());
        }
        if (filter.contains() != null) {
            substring(filter.contains(), conditions);
        }
        where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /**
     * The words of the text as a tsquery: each word (letters and digits only, so nothing in it is tsquery
     * syntax) quoted, joined by {@code &}; a word followed by {@code *} matches word starts. Null without a word.
     */
    static String tsquery(String text) {
        List<String> parts = new ArrayList<>();
        java.util.regex.Matcher matcher = LogFilter.WORD.matcher(text);
        while (matcher.find()) {
            String word = matcher.group();
            boolean prefix = word.endsWith("*");
            parts.add("'" + (prefix ? word.substring(0, word.length() - 1) : word) + "'" + (prefix ? ":*" : ""));
        }
        return parts.isEmpty() ? null : String.join(" & ", parts);
    }

    /** The text anywhere in message, logger, module or function: the trigram index narrows, ILIKE decides per text. */
    private void substring(String text, List<String> conditions) {
        String pattern = "%" + LogQuery.escapeLike(text) + "%";
        conditions.add("log_text(message, name, module, funcname) ILIKE ? AND (message ILIKE ? OR name ILIKE ?"
                + " OR module ILIKE ? OR funcname ILIKE ?)");
        for (int i = 0; i < 5; i++) {
            values.add(pattern);
        }
    }

    private String orderBy() {
        String order = filter.ascending() ? " ASC" : " DESC";
        String key = filter.sort() == LogFilter.Sort.TIME ? "" : filter.sort().column() + order + ", ";
        return " ORDER BY " + key + (words ? "" : "created" + order + ", ") + "id" + order;
    }

    LogQuery.Planned planned() {
        List<Object> page = new ArrayList<>(values);
        page.add(filter.limit());
        page.add(filter.offset());
        return new LogQuery.Planned("SELECT * FROM log" + where + orderBy() + " LIMIT ? OFFSET ?", page, "postgresql");
    }

    LogQuery.Page page(Connection connection) throws SQLException {
        return new LogQuery.Page(LogQuery.read(connection, planned()), null);
    }

    long count(Connection connection, long cap) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM (SELECT 1 FROM log" + where + " LIMIT ?) AS matching")) {
            int index = 1;
            for (Object value : values) {
                statement.setObject(index++, value);
            }
            statement.setLong(index, cap);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        }
    }
}
