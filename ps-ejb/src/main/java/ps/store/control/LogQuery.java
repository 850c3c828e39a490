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
    /** The conditions but the word search, for a plan that tests each row against the word index. */
    private final String whereWithoutWords;
    private final List<Object> parameters;
    private final LogFilter filter;
    private final String match;
    /** The conditions but the minimum level, and their values: what each arm of a per-level merge adds. */
    private final List<String> otherConditions = new ArrayList<>();
    private final List<Object> otherValues = new ArrayList<>();

    private final int few;
    private final int scanRows;

    public LogQuery(LogFilter filter) {
        this(filter, FEW, SCAN_ROWS);
    }

    /** With another threshold of "few rows" than {@link #FEW} (tests reach every plan with it). */
    LogQuery(LogFilter filter, int few) {
        this(filter, few, SCAN_ROWS);
    }

    /** And another window of a substring scan than {@link #SCAN_ROWS}. */
    LogQuery(LogFilter filter, int few, int scanRows) {
        this.filter = filter;
        this.few = few;
        this.scanRows = scanRows;
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        equalsAndTimes(filter, conditions, values);
        otherConditions.addAll(conditions);
        otherValues.addAll(values);
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
            substring(filter.text(), otherConditions, otherValues);
        }
        if (filter.contains() != null) {
            substring(filter.contains(), conditions, values);
            substring(filter.contains(), otherConditions, otherValues);
        }
        this.where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        List<String> withoutWords = match == null ? conditions : conditions.subList(1, conditions.size());
        this.whereWithoutWords = withoutWords.isEmpty() ? "" : " WHERE " + String.join(" AND ", withoutWords);
        this.parameters = values;
    }

    /** The filter's id fields and time range as conditions with bound values (both dialects' SQL). */
    static void equalsAndTimes(LogFilter filter, List<String> conditions, List<Object> values) {
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
        return page(connection, budgetMillis).rows();
    }

    /** The page, by the plan {@link #plan} chooses. */
    public List<LogRow> select(Connection connection) throws SQLException {
        return page(connection).rows();
    }

    /**
     * A page, and where a substring scan stopped short of the filter's range: {@code searchedTo} is then the
     * time ({@code created}) up to which records were searched — back to it, newest first, or up to it,
     * oldest first — and records beyond it were not looked at. Null when the page is that of the plain query.
     */
    public record Page(List<LogRow> rows, Long searchedTo) {
        public boolean complete() {
            return searchedTo == null;
        }
    }

    /** The page by the plan {@link #plan} chooses, and whether a substring scan left records unsearched. */
    public Page page(Connection connection) throws SQLException {
        Planned planned = plan(connection);
        List<LogRow> rows = read(connection, planned);
        return new Page(rows, planned.bound() != null && rows.size() < filter.limit() ? planned.bound() : null);
    }

    /** {@link #page(Connection)}, but interrupted after {@code budgetMillis}. */
    public Page page(Connection connection, long budgetMillis) throws SQLException {
        Page page = QueryBudget.within(connection, budgetMillis, () -> page(connection));
        if (page == null) {
            throw new SearchTooSlowException(filter.contains() != null ? "substring search" : "search", budgetMillis);
        }
        return page;
    }

    /** The page by the plain query ({@link #selectSql()}): what every plan must answer alike. */
    public List<LogRow> selectPlain(Connection connection) throws SQLException {
        return read(connection, plain());
    }

    /**
     * A statement with its values in order, a word for how it finds the rows (for benchmarks and tests), and
     * for a bounded substring scan the time it stops at (else null).
     */
    public record Planned(String sql, List<Object> values, String how, Long bound) {
        Planned(String sql, List<Object> values, String how) {
            this(sql, values, how, null);
        }
    }

    /**
     * Fewer rows than this in the range of one index (counted on the index alone, which is cheap) and the
     * page is read from that index and sorted, instead of walking the sort order's index past rows that do
     * not match.
     */
    public static final int FEW = 10_000;
    /**
     * A substring that no word index can narrow is looked for in at most so many of the newest (or, oldest
     * first, the oldest) records of the range, time order only: some 100 ms of LIKE on this machine. A page
     * it fills is the plain query's page; one it does not fill says how far back it searched
     * ({@link Page#searchedTo()}), and the next search goes on from there.
     */
    public static final int SCAN_ROWS = 50_000;
    /** At most so many distinct levels at or above the minimum get an arm each in a per-level merge. */
    static final int MAX_ARMS = 12;

    private Planned plain() {
        return new Planned(selectSql(), pageValues(), "plain");
    }

    /** The filter's values, then {@code LIMIT} and {@code OFFSET}; after {@code first} when given. */
    private List<Object> pageValues(Object... first) {
        List<Object> values = new ArrayList<>(List.of(first));
        values.addAll(parameters);
        values.add(filter.limit());
        values.add(filter.offset());
        return values;
    }

    /**
     * How to read the page: the same rows in the same order as {@link #selectSql()}, by whichever way
     * cheap estimates say reads the fewest rows.
     * <ul>
     * <li>a word search: the word index, as planned by SQLite; but when a criterion on level, system or time
     * meets few rows, those rows from that criterion's index, each tested against the word index by its
     * rowid (a seek, where the plain plan reads the whole list of a common word), then sorted;</li>
     * <li>{@code contains} whose text holds a whole word (a run of letters or digits with other characters
     * on both sides in the text, or a word start at its end) that is rare: the rows the word index holds
     * it for, then the substring test and a sort;</li>
     * <li>a criterion on level, system or time that few rows meet: that criterion's index, then a sort;</li>
     * <li>a minimum level met by many, in time order, or any filter in level order: a merge of one range
     * of {@code (levelno, created)} per level, each newest first;</li>
     * <li>a deep page: the rows' ids from the index first, then only the page's rows.</li>
     * </ul>
     */
    public Planned plan(Connection connection) throws SQLException {
        if (match != null) {
            String driver = wordsPerRowDriver(connection);
            if (driver != null) {
                List<Object> values = wordsPerRowValues();
                values.add(filter.limit());
                values.add(filter.offset());
                return new Planned(wordsPerRow(driver, "*") + wordOrderBy() + " LIMIT ? OFFSET ?", values, "few by " + driver + ", then words");
            }
            return plain();
        }
        String words = filter.contains() == null ? null : containedWords(filter.contains());
        if (words != null && ftsCount(connection, words, few) < few) {
            return new Planned("SELECT log.* FROM (SELECT rowid AS candidate FROM log_fts WHERE log_fts MATCH ?)"
                    + " CROSS JOIN log ON log.id = candidate" + where + orderBy("log.") + " LIMIT ? OFFSET ?", pageValues(words),
                    "word index, then substring");
        }
        String driver = fewRowsIndex(connection).index();
        if (driver != null) {
            return new Planned("SELECT * FROM log INDEXED BY " + driver + where + orderBy("") + " LIMIT ? OFFSET ?", pageValues(),
                    "few by " + driver);
        }
        boolean scan = filter.contains() != null || (filter.text() != null && match == null);
        if (scan && filter.sort() == LogFilter.Sort.TIME) {
            Long bound = scanBound(connection);
            if (bound != null) {
                List<Object> values = new ArrayList<>(parameters);
                values.add(bound);
                values.add(filter.limit());
                values.add(filter.offset());
                return new Planned("SELECT * FROM log INDEXED BY log_created" + (where.isEmpty() ? " WHERE " : where + " AND ")
                        + (filter.ascending() ? "created <= ?" : "created >= ?") + orderBy("") + " LIMIT ? OFFSET ?", values,
                        (filter.ascending() ? "oldest " : "newest ") + scanRows + " by log_created, then substring", bound);
            }
        }
        boolean byTime = filter.sort() == LogFilter.Sort.TIME && filter.minLevel() != null;
        boolean byLevel = filter.sort() == LogFilter.Sort.LEVEL && !otherConditions.isEmpty();
        if (byTime || byLevel) {
            List<Integer> levels = levels(connection, filter.minLevel() == null ? Integer.MIN_VALUE : filter.minLevel());
            if (!levels.isEmpty() && levels.size() <= MAX_ARMS) {
                return merge(levels);
            }
        }
        if (filter.offset() > 0) {
            return new Planned("SELECT log.* FROM (SELECT id AS chosen FROM log" + where + orderBy("") + " LIMIT ? OFFSET ?)"
                    + " CROSS JOIN log ON log.id = chosen" + orderBy("log."), pageValues(), "ids first");
        }
        return plain();
    }

    /**
     * The rows of {@code driver}'s range that meet the other conditions, each tested against the word index
     * by its rowid. In id order (the word search's, sorted by time) SQLite walks the ids of the {@code IN}
     * list in order and stops at the page's end, so a word that most of those rows hold costs a page's tests.
     */
    private String wordsPerRow(String driver, String columns) {
        return "SELECT " + columns + " FROM log WHERE id IN (SELECT id FROM log INDEXED BY " + driver + whereWithoutWords + ")"
                + " AND EXISTS (SELECT 1 FROM log_fts WHERE log_fts MATCH ? AND log_fts.rowid = log.id)";
    }

    /** The values of {@link #wordsPerRow}: the other conditions', then the words. */
    private List<Object> wordsPerRowValues() {
        List<Object> values = new ArrayList<>(parameters.subList(1, parameters.size()));
        values.add(match);
        return values;
    }

    /** The word search's order ({@link #selectSql()}): the sort key, then arrival (id), as the word index yields it. */
    private String wordOrderBy() {
        String order = filter.ascending() ? " ASC" : " DESC";
        String key = filter.sort() == LogFilter.Sort.TIME ? "" : "log." + filter.sort().column() + order + ", ";
        return " ORDER BY " + key + "log.id" + order;
    }

    private String orderBy(String table) {
        String order = filter.ascending() ? " ASC" : " DESC";
        String key = filter.sort() == LogFilter.Sort.TIME ? "" : table + filter.sort().column() + order + ", ";
        return " ORDER BY " + key + table + "created" + order + ", " + table + "id" + order;
    }

    /**
     * One arm per level, each the newest (or oldest) offset + limit rows of its level from the index
     * {@code (levelno, created)}, then the page of their union.
     */
    private Planned merge(List<Integer> levels) {
        String others = otherConditions.isEmpty() ? "" : " AND " + String.join(" AND ", otherConditions);
        String order = filter.ascending() ? " ASC" : " DESC";
        List<String> arms = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int level : levels) {
            arms.add("SELECT * FROM (SELECT id, created, levelno FROM log INDEXED BY log_level_created WHERE levelno = ?" + others
                    + " ORDER BY created" + order + ", id" + order + " LIMIT ?)");
            values.add(level);
            values.addAll(otherValues);
            values.add(filter.offset() + filter.limit());
        }
        values.add(filter.limit());
        values.add(filter.offset());
        String key = filter.sort() == LogFilter.Sort.LEVEL ? "levelno" + order + ", " : "";
        return new Planned("SELECT log.* FROM (" + String.join(" UNION ALL ", arms) + " ORDER BY " + key + "created" + order + ", id" + order
                + " LIMIT ? OFFSET ?) AS page CROSS JOIN log ON log.id = page.id" + orderBy("log."), values, "merge of " + levels.size() + " levels");
    }

    /**
     * The time of the {@code scanRows}-th newest (oldest first: oldest) record in the filter's time range,
     * from the time index alone; null when the range holds fewer (then the scan covers all of it).
     */
    private Long scanBound(Connection connection) throws SQLException {
        String time = timeRange();
        try (PreparedStatement statement = connection.prepareStatement("SELECT created FROM log INDEXED BY log_created"
                + (time.isEmpty() ? "" : " WHERE " + time.substring(5)) + " ORDER BY created" + (filter.ascending() ? " ASC" : " DESC")
                + " LIMIT 1 OFFSET ?")) {
            int at = bindTimeRange(statement, 1);
            statement.setInt(at, scanRows - 1);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : null;
            }
        }
    }

    /** The distinct levels at or above {@code min}, one index seek each (stops after {@link #MAX_ARMS} + 1). */
    static List<Integer> levels(Connection connection, int min) throws SQLException {
        List<Integer> levels = new ArrayList<>();
        try (PreparedStatement next = connection.prepareStatement("SELECT min(levelno) FROM log WHERE levelno >= ?")) {
            long from = min;
            while (levels.size() <= MAX_ARMS) {
                next.setLong(1, from);
                try (ResultSet result = next.executeQuery()) {
                    if (!result.next() || result.getObject(1) == null) {
                        break;
                    }
                    int level = result.getInt(1);
                    levels.add(level);
                    from = level + 1L;
                }
            }
        }
        return levels;
    }

    /**
     * The index whose range holds fewest rows, if fewer than {@link #FEW}: of the level's, the system's and
     * the time range's, whichever this filter has. Each count reads that index alone, stopping at {@link #FEW}.
     */
    private Driver fewRowsIndex(Connection connection) throws SQLException {
        String time = timeRange();
        String best = null;
        long fewest = few;
        if (filter.minLevel() != null) {
            long n = indexCount(connection, "log_level_created", "levelno >= ?" + time, filter.minLevel());
            if (n < fewest) {
                best = "log_level_created";
                fewest = n;
            }
        }
        String system = filter.equal().get(LogField.SYSTEM_ID);
        if (system != null) {
            long n = indexCount(connection, "log_system_created", "system_id = ?" + time, system);
            if (n < fewest) {
                best = "log_system_created";
                fewest = n;
            }
        }
        if (!time.isEmpty()) {
            long n = indexCount(connection, "log_created", time.substring(5), null);
            if (n < fewest) {
                best = "log_created";
                fewest = n;
            }
        }
        return new Driver(best, fewest);
    }

    /** The filter's time range as conditions, each with a leading " AND " ("" for none); see {@link #bindTimeRange}. */
    private String timeRange() {
        return (filter.from() == null ? "" : " AND created >= ?") + (filter.to() == null ? "" : " AND created < ?");
    }

    /** Binds {@link #timeRange}'s values from parameter {@code at} on; returns the next parameter's index. */
    private int bindTimeRange(PreparedStatement statement, int at) throws SQLException {
        if (filter.from() != null) {
            statement.setLong(at++, filter.from());
        }
        if (filter.to() != null) {
            statement.setLong(at++, filter.to());
        }
        return at;
    }

    /** An index to read a page from, null for none, and how many rows its range holds (below the threshold). */
    private record Driver(String index, long rows) {
    }

    /**
     * For a word search, the index whose rows to test one by one against the word index, or null when the
     * word index's own list is the cheaper read. A test costs a seek in the word index (some 50 µs per row
     * at 1M records, measured), a row of the list a row read (some 6 µs): so only when the criterion's
     * rows are below {@link #FEW_FOR_WORDS} and the words' list is {@link #WORD_LIST_FACTOR} times longer.
     */
    private String wordsPerRowDriver(Connection connection) throws SQLException {
        Driver driver = fewRowsIndex(connection);
        if (driver.index() == null || driver.rows() >= Math.min(few, FEW_FOR_WORDS)) {
            return null;
        }
        long longer = Math.max(1, driver.rows()) * WORD_LIST_FACTOR;
        return ftsCount(connection, match, longer) >= longer ? driver.index() : null;
    }

    /** At most so many rows are tested one by one against the word index (see {@link #wordsPerRowDriver}). */
    static final int FEW_FOR_WORDS = 5_000;
    /** The words' list must be so many times longer than the rows tested. */
    static final int WORD_LIST_FACTOR = 25;

    private long indexCount(Connection connection, String index, String condition, Object first) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM log INDEXED BY "
                + index + " WHERE " + condition + " LIMIT ?)")) {
            int at = 1;
            if (first != null) {
                statement.setObject(at++, first);
            }
            at = bindTimeRange(statement, at);
            statement.setInt(at, few);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        }
    }

    private static long ftsCount(Connection connection, String words, long cap) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM (SELECT 1 FROM log_fts WHERE log_fts MATCH ? LIMIT ?)")) {
            statement.setString(1, words);
            statement.setLong(2, cap);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : cap;
            }
        }
    }

    /**
     * The words the word index must hold for every record that contains {@code text}, as an FTS5 query,
     * or null when there are none. Only ASCII letters and digits count, with ASCII non-alphanumerics around
     * them in the text, as the index's tokenizer splits: a run with such characters on both sides is a whole
     * word of the record, a run of three or more at the end after one is a word start. A run at the start
     * may be the end of a longer word and is not used.
     */
    static String containedWords(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n && words.size() < 4) {
            if (!asciiAlnum(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && asciiAlnum(text.charAt(i))) {
                i++;
            }
            if (start == 0 || !separator(text.charAt(start - 1))) {
                continue;
            }
            String word = text.substring(start, i);
            if (i < n && separator(text.charAt(i))) {
                words.add("\"" + word + "\"");
            } else if (i == n && word.length() >= 3) {
                words.add("\"" + word + "\" *");
            }
        }
        return words.isEmpty() ? null : String.join(" AND ", words);
    }

    private static boolean asciiAlnum(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    private static boolean separator(char c) {
        return c < 128 && !Character.isLetterOrDigit(c);
    }

    static List<LogRow> read(Connection connection, Planned planned) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(planned.sql())) {
            int index = 1;
            for (Object value : planned.values()) {
                statement.setObject(index++, value);
            }
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

    /** Counts up to {@code cap}, from the rare word's rows or the index with few rows where {@link #plan} would read them. */
    public long count(Connection connection, long cap) throws SQLException {
        String sql = countSql();
        List<Object> values = new ArrayList<>(parameters);
        String words = match != null || filter.contains() == null ? null : containedWords(filter.contains());
        if (words != null && ftsCount(connection, words, few) < few) {
            sql = "SELECT count(*) FROM (SELECT 1 FROM (SELECT rowid AS candidate FROM log_fts WHERE log_fts MATCH ?)"
                    + " CROSS JOIN log ON log.id = candidate" + where + " LIMIT ?)";
            values.add(0, words);
        } else if (match != null) {
            String driver = wordsPerRowDriver(connection);
            if (driver != null) {
                sql = "SELECT count(*) FROM (" + wordsPerRow(driver, "1") + " LIMIT ?)";
                values = wordsPerRowValues();
            }
        } else {
            String driver = fewRowsIndex(connection).index();
            if (driver != null) {
                sql = "SELECT count(*) FROM (SELECT 1 FROM log INDEXED BY " + driver + where + " LIMIT ?)";
            }
        }
        return countBy(connection, sql, values, cap);
    }

    /** Counts up to {@code cap} by the plain query ({@link #countSql()}). */
    public long countPlain(Connection connection, long cap) throws SQLException {
        return countBy(connection, countSql(), parameters, cap);
    }

    private static long countBy(Connection connection, String sql, List<Object> values, long cap) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
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
