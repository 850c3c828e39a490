package ps.store.entity;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import ps.client.LogField;

/**
 * Which records to read: a time range, a minimum level, exact values of the id fields, a text that must
 * occur in message, logger, module or function, and paging. Unset criteria do not filter.
 */
public final class LogFilter {
    /** The id fields a filter can match exactly, as the original's console offered them. */
    public static final LogField[] ID_FIELDS = {
        LogField.SYSTEM_ID, LogField.SUB_SYSTEM_ID, LogField.SUB_SUB_SYSTEM_ID,
        LogField.PRODUKT_ID, LogField.USER_SPEC_1, LogField.USER_SPEC_2,
        LogField.PACKAGE_VERSION, LogField.STAGE
    };
    public static final int MAX_LIMIT = 10_000;
    /** Skipping rows still reads them: past this an offset is refused (page by time instead). */
    public static final int MAX_OFFSET = 100_000;
    /**
     * Words of a text search: each is one more index list to read and intersect, a prefix ({@code x*}) one
     * list per matching word, so thousands of them would keep SQLite busy for long.
     */
    public static final int MAX_WORDS = 16;
    /** The longest text, substring or id value a filter takes. */
    public static final int MAX_TEXT = 1_000;
    /** A word as the word index's tokenizer splits text: a run of letters and digits, {@code *} for a prefix. */
    public static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+(\\*)?");

    /**
     * What a page is ordered by. Each key has an index that yields rows in that order, so a sorted page
     * costs no more than a page by time; ties go by time.
     */
    public enum Sort {
        TIME("created"), LEVEL("levelno"), SYSTEM("system_id");

        private final String column;

        Sort(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }

        /** The key as URLs and the API name it: {@code time}, {@code level} or {@code system}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Sort parse(String key) {
            for (Sort sort : values()) {
                if (sort.key().equalsIgnoreCase(key)) {
                    return sort;
                }
            }
            throw new IllegalArgumentException("sort must be time, level or system, not '" + key + "'");
        }
    }

    private final EnumMap<LogField, String> equal = new EnumMap<>(LogField.class);
    private Long from;
    private Long to;
    private Integer minLevel;
    private String text;
    private String contains;
    private boolean ascending;
    private Sort sort = Sort.TIME;
    private int limit = 50;
    private int offset;

    public LogFilter equal(LogField field, String value) {
        if (!java.util.Arrays.asList(ID_FIELDS).contains(field)) {
            throw new IllegalArgumentException(field.column() + " is not a filterable id field");
        }
        if (value == null || value.isEmpty()) {
            equal.remove(field);
        } else {
            checkLength(field.column(), value);
            equal.put(field, value);
        }
        return this;
    }

    public Map<LogField, String> equal() {
        return Collections.unmodifiableMap(equal);
    }

    /** Records created at or after this epoch millisecond. */
    public LogFilter from(Long epochMillis) {
        this.from = epochMillis;
        return this;
    }

    public Long from() {
        return from;
    }

    /** Records created before this epoch millisecond. */
    public LogFilter to(Long epochMillis) {
        this.to = epochMillis;
        return this;
    }

    public Long to() {
        return to;
    }

    public LogFilter minLevel(Integer levelno) {
        this.minLevel = levelno;
        return this;
    }

    public Integer minLevel() {
        return minLevel;
    }

    /** @throws IllegalArgumentException for a text over {@link #MAX_TEXT} characters or {@link #MAX_WORDS} words */
    public LogFilter text(String text) {
        if (text != null) {
            checkLength("text", text);
            long words = WORD.matcher(text).results().count();
            if (words > MAX_WORDS) {
                throw new IllegalArgumentException("text has " + words + " words; at most " + MAX_WORDS);
            }
        }
        this.text = text == null || text.isEmpty() ? null : text;
        return this;
    }

    private static void checkLength(String name, String value) {
        if (value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(name + " has " + value.length() + " characters; at most " + MAX_TEXT);
        }
    }

    public String text() {
        return text;
    }

    /**
     * A piece of text that must occur, as it is (any case), somewhere in message, logger, module or function,
     * also inside a word ("Exception" finds "NullPointerException"), as the original's search did. It reads
     * every row in the other criteria's range, so it is slow on a wide range: the store gives up after a
     * time budget.
     */
    public LogFilter contains(String contains) {
        if (contains != null) {
            checkLength("contains", contains);
        }
        this.contains = contains == null || contains.isEmpty() ? null : contains;
        return this;
    }

    public String contains() {
        return contains;
    }

    public LogFilter ascending(boolean ascending) {
        this.ascending = ascending;
        return this;
    }

    public boolean ascending() {
        return ascending;
    }

    public LogFilter sort(Sort sort) {
        this.sort = sort == null ? Sort.TIME : sort;
        return this;
    }

    public Sort sort() {
        return sort;
    }

    public LogFilter limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", not " + limit);
        }
        this.limit = limit;
        return this;
    }

    public int limit() {
        return limit;
    }

    public LogFilter offset(int offset) {
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be in 0.." + MAX_OFFSET + ", not " + offset);
        }
        this.offset = offset;
        return this;
    }

    public int offset() {
        return offset;
    }
}
