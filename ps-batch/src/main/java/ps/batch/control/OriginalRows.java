package ps.batch.control;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;

/**
 * Rows of the original herald's {@code log} table (see shared/reference/original.md) as PS records. Each
 * record carries client id {@code import:<source>} and the row's id as its sequence number, so that the
 * store keeps a row once however often an interrupted import writes it again.
 */
public final class OriginalRows {
    private static final DateTimeFormatter[] TIMES = {
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS][,SSS]"),
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSSSSS][.SSS]")
    };
    private static final Map<String, LogField> COLUMNS = new HashMap<>();

    static {
        for (LogField field : LogField.values()) {
            COLUMNS.put(field.column().toLowerCase(Locale.ROOT), field);
        }
        COLUMNS.put("message", LogField.MESSAGE);
    }

    private OriginalRows() {
    }

    /** The current row as column name → value. */
    public static Map<String, Object> read(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), rows.getObject(i));
        }
        return row;
    }

    /** @throws BadRowException when the row has no usable time, level or id */
    public static LogEntry toEntry(Map<String, Object> row, String clientId, ZoneId zone, long receivedAt) throws BadRowException {
        Object id = row.get("id");
        if (!(id instanceof Number)) {
            throw new BadRowException("row without a numeric id: " + id);
        }
        long created = time(row.get("created"), zone);
        int levelno = level(row.get("levelno"), row.get("levelname"));
        LogEntry entry = new LogEntry().created(created).received(receivedAt).levelno(levelno);
        for (Map.Entry<String, Object> column : row.entrySet()) {
            LogField field = COLUMNS.get(column.getKey());
            Object value = column.getValue();
            if (field == null || value == null || field == LogField.CLIENT_ID || field == LogField.INPUT
                    || field == LogField.PEER) {
                continue;
            }
            String text = value.toString();
            if (!text.isEmpty() && !text.equals("None")) {
                entry.set(field, text);
            }
        }
        if (row.get("lineno") instanceof Number number) {
            entry.lineno(number.intValue());
        }
        entry.set(LogField.INPUT, "import");
        entry.set(LogField.CLIENT_ID, clientId);
        entry.seq(((Number) id).longValue());
        return entry;
    }

    static long time(Object value, ZoneId zone) throws BadRowException {
        if (value instanceof Number number) {
            return Math.round(number.doubleValue() * 1000);
        }
        String text = value == null ? "" : value.toString().trim();
        if (text.matches("\\d+(\\.\\d+)?")) {
            return Math.round(Double.parseDouble(text) * 1000);
        }
        for (DateTimeFormatter format : TIMES) {
            try {
                return LocalDateTime.parse(text, format).atZone(zone).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // next format
            }
        }
        throw new BadRowException("created '" + text + "' is not a time");
    }

    static int level(Object levelno, Object levelname) throws BadRowException {
        if (levelno instanceof Number number) {
            return number.intValue();
        }
        if (levelno != null && levelno.toString().trim().matches("\\d+")) {
            return Integer.parseInt(levelno.toString().trim());
        }
        if (levelname != null) {
            try {
                return Level.parse(levelname.toString()).number();
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw new BadRowException("no level: levelno '" + levelno + "', levelname '" + levelname + "'");
    }
}
