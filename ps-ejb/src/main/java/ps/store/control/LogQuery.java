package ps.store.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ps.client.LogField;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;

/**
 * Turns a {@link LogFilter} into SQL with bound parameters only, and runs it. A text with a letter or
 * digit is looked up in the word index {@code log_fts}: records holding every word of it, in any order;
 * a word ending in {@code *} matches word starts ("order decl*" finds "payment declined for order 4711").
 * Each word goes in double quotes,
 * so nothing in the text is FTS syntax. Those results come newest-arrived first (by id), which the index
 * yields without sorting. A text of punctuation only falls back to LIKE over the rows in time order.
 */
public final class LogQuery {
    private final String where;
    private final List<Object> parameters;
    private final LogFilter filter;
    private final String match;

    public LogQuery(LogFilter filter) {
        this.filter = filter;
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Map.Entry<LogField, String> equal : filter.equal().entrySet()) {
            conditions.add(equal.getKey().column() + " = ?");
            values.add(equal.getValue());
        }
        if (filter.from() != null) {
            conditions.add("created >= ?");
            values.add(filter.from());
        }
        if (filter.to() != null) {
            conditions.add("created < ?");
            values.add(filter.to());
        }
        if (filter.minLevel() != null) {
            conditions.add("levelno >= ?");
            values.add(filter.minLevel());
        }
        this.match = filter.text() == null ? null : words(filter.text());
        if (match != null) {
            conditions.add(0, "log_fts MATCH ?");
            values.add(0, match);
        } else if (filter.text() != null) {
            substring(filter.text(), conditions, values);
        }
        if (filter.contains() != null) {
            substring(filter.contains(), conditions, values);
        }
        this.where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        this.parameters = values;
    }

    /**
     * The SELECT for one page in the filter's order (by default newest first). Column names come from
     * {@link LogFilter.Sort}, never from the caller's text.
     */
    public String selectSql() {
        String order = filter.ascending() ? " ASC" : " DESC";
        String key = filter.sort() == LogFilter.Sort.TIME ? "" : "log." + filter.sort().column() + order + ", ";
        if (match != null) {
            return "SELECT log.* FROM log_fts JOIN log ON log.id = log_fts.rowid" + where
                    + " ORDER BY " + key + "log_fts.rowid" + order + " LIMIT ? OFFSET ?";
        }
        return "SELECT * FROM log" + where + " ORDER BY " + key + "created" + order + ", id" + order + " LIMIT ? OFFSET ?";
    }

    /** Counts matching rows, but stops at {@code cap} so the count stays cheap on a large table. */
    public String countSql() {
        String from = match != null ? "log_fts JOIN log ON log.id = log_fts.rowid" : "log";
        return "SELECT count(*) FROM (SELECT 1 FROM " + from + where + " LIMIT ?)";
    }

    private static final java.util.regex.Pattern WORD = LogFilter.WORD;

    /**
     * The text as an FTS5 query: its words (runs of letters and digits, as the index's tokenizer splits
     * them), each in double quotes, joined by AND; a word followed by {@code *} matches word starts. Null
     * when the text has no word. (Prefixes cost a read of every matching word's list before the first
     * result, whole words stream: measured 33 ms against 2 ms at 1M records.)
     */
    static String words(String text) {
        List<String> words = new ArrayList<>();
        java.util.regex.Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            String word = matcher.group();
            boolean prefix = word.endsWith("*");
            words.add("\"" + (prefix ? word.substring(0, word.length() - 1) : word) + "\"" + (prefix ? " *" : ""));
        }
        return words.isEmpty() ? null : String.join(" AND ", words);
    }

    public List<Object> parameters() {
        return List.copyOf(parameters);
    }

    /**
     * The page, but interrupted after {@code budgetMillis}.
     *
     * @throws SearchTooSlowException when the budget ran out
     */
    public List<LogRow> select(Connection connection, long budgetMillis) throws SQLException {
        List<LogRow> rows = QueryBudget.within(connection, budgetMillis, () -> select(connection));
        if (rows == null) {
            throw new SearchTooSlowException(filter.contains() != null ? "substring search" : "search", budgetMillis);
        }
        return rows;
    }

    public List<LogRow> select(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(selectSql())) {
            int index = bind(statement);
            statement.setInt(index++, filter.limit());
            statement.setInt(index, filter.offset());
            List<LogRow> rows = new ArrayList<>();
            long chars = 0;
            try (ResultSet result = statement.executeQuery()) {
                while (chars < MAX_PAGE_CHARS && result.next()) {
                    LogRow row = new LogRow(result.getLong("id"), LogColumns.read(result));
                    rows.add(row);
                    for (String text : row.entry().textFields().values()) {
                        chars += text == null ? 0 : text.length();
                    }
                }
            }
            return rows;
        }
    }

    /**
     * The text a page holds at most (some 16 MiB as Java strings): records may be large, so a page of many
     * ends early, with fewer rows than asked for, rather than filling the heap. The next page starts at
     * offset + rows returned.
     */
    public static final long MAX_PAGE_CHARS = 8_000_000;

    /**
     * Counts up to {@code cap}, but gives up after {@code budgetMillis} (a selective filter may have to
     * look at millions of rows to find few).
     *
     * @return the count, or -1 when it took longer than the budget
     */
    public long count(Connection connection, long cap, long budgetMillis) throws SQLException {
        Long count = QueryBudget.within(connection, budgetMillis, () -> count(connection, cap));
        return count == null ? -1 : count;
    }

    public long count(Connection connection, long cap) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(countSql())) {
            int index = bind(statement);
            statement.setLong(index, cap);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        }
    }

    /** Rows with an id above {@code id}, in id order. */
    public static List<LogRow> after(Connection connection, long id, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM log WHERE id > ? ORDER BY id LIMIT ?")) {
            statement.setLong(1, id);
            statement.setInt(2, limit);
            List<LogRow> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new LogRow(result.getLong("id"), LogColumns.read(result)));
                }
            }
            return rows;
        }
    }

    private int bind(PreparedStatement statement) throws SQLException {
        int index = 1;
        for (Object value : parameters) {
            statement.setObject(index++, value);
        }
        return index;
    }

    /** The text anywhere in message, logger, module or function (LIKE: any case for ASCII; % and _ literal). */
    private static void substring(String text, List<String> conditions, List<Object> values) {
        String pattern = "%" + escapeLike(text) + "%";
        // qualified: with a word search the index's own columns of the same names are in the query too
        conditions.add("(log.message LIKE ? ESCAPE '\\' OR log.name LIKE ? ESCAPE '\\' OR log.module LIKE ? ESCAPE '\\'"
                + " OR log.funcname LIKE ? ESCAPE '\\')");
        for (int i = 0; i < 4; i++) {
            values.add(pattern);
        }
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
