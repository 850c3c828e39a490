package ps.herald.control;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.LogRow;

/** A stored record as the console shows it (getters for EL). */
public final class LogLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    private final long id;
    private final LogEntry entry;

    public LogLine(LogRow row) {
        this.id = row.id();
        this.entry = row.entry();
    }

    public long getId() {
        return id;
    }

    public String getCreated() {
        return TIME.format(Instant.ofEpochMilli(entry.created()));
    }

    public String getLevel() {
        return entry.get(LogField.LEVELNAME);
    }

    /** CSS class for the row colour, as the original coloured rows by level. */
    public String getLevelClass() {
        int level = entry.levelno();
        if (level >= 50) {
            return "ps-critical";
        }
        if (level >= 40) {
            return "ps-error";
        }
        if (level >= 30) {
            return "ps-warning";
        }
        return level >= 20 ? "ps-info" : "ps-debug";
    }

    public String getSystem() {
        return join(entry.get(LogField.SYSTEM_ID), entry.get(LogField.SUB_SYSTEM_ID), entry.get(LogField.SUB_SUB_SYSTEM_ID));
    }

    public String getApp() {
        return join(entry.get(LogField.PRODUKT_ID), entry.get(LogField.USER_SPEC_1), entry.get(LogField.USER_SPEC_2));
    }

    public String getSource() {
        String line = entry.lineno() == null ? null : ":" + entry.lineno();
        String function = entry.get(LogField.FUNCNAME) == null ? null
                : entry.get(LogField.FUNCNAME) + (line == null ? "" : line);
        return join(entry.get(LogField.MODULE), entry.get(LogField.PACKAGE_VERSION), function);
    }

    public String getLogger() {
        return entry.get(LogField.NAME);
    }

    public String getMessage() {
        return entry.get(LogField.MESSAGE);
    }

    public String getException() {
        return entry.get(LogField.EXC_TEXT);
    }

    private static String join(String... parts) {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isEmpty()) {
                if (text.length() > 0) {
                    text.append(" / ");
                }
                text.append(part);
            }
        }
        return text.toString();
    }
}
