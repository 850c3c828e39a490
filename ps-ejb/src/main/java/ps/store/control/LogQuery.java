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

/** Turns a {@link LogFilter} into SQL with bound parameters only, and runs it. */
public final class LogQuery {
    private final String where;
    private final List<Object> parameters;
    private final LogFilter filter;

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
        if (filter.text() != null) {
            String pattern = "%" + escapeLike(filter.text()) + "%";
            conditions.add("(message LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR module LIKE ? ESCAPE '\\'"
                    + " OR funcname LIKE ? ESCAPE '\\')");
            for (int i = 0; i < 4; i++) {
                values.add(pattern);
            }
        }
        this.where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        this.parameters = values;
    }

    /** The SELECT for one page, newest first unless the filter asks for ascending order. */
    public String selectSql() {
        String order = filter.ascending() ? "ASC" : "DESC";
        return "SELECT * FROM log" + where + " ORDER BY created " + order + ", id " + order + " LIMIT ? OFFSET ?";
    }

    /** Counts matching rows, but stops at {@code cap} so the count stays cheap on a large table. */
    public String countSql() {
        return "SELECT count(*) FROM (SELECT 1 FROM log" + where + " LIMIT ?)";
    }

    public List<Object> parameters() {
        return List.copyOf(parameters);
    }

    public List<LogRow> select(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(selectSql())) {
            int index = bind(statement);
            statement.setInt(index++, filter.limit());
            statement.setInt(index, filter.offset());
            List<LogRow> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new LogRow(result.getLong("id"), LogColumns.read(result)));
                }
            }
            return rows;
        }
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

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
