package ps.herald.control;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** The number of the cluster's node that received the record (1 on SQLite's one node). */
    public int getNode() {
        return entry.node();
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

    public String getStack() {
        return entry.get(LogField.STACK_INFO);
    }

    public int getLevelno() {
        return entry.levelno();
    }

    public String getSystemId() {
        return entry.get(LogField.SYSTEM_ID);
    }

    /** Every field that has a value, for the row's detail (exception and stack come separately). */
    public List<Field> getFields() {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("id", Long.toString(id)));
        fields.add(new Field("created", getCreated()));
        fields.add(new Field("received", TIME.format(Instant.ofEpochMilli(entry.received()))));
        fields.add(new Field("levelno", Integer.toString(entry.levelno())));
        fields.add(new Field("node", Integer.toString(entry.node())));
        if (entry.lineno() != null) {
            fields.add(new Field("lineno", entry.lineno().toString()));
        }
        if (entry.relativeCreated() != null) {
            fields.add(new Field("relativecreated", entry.relativeCreated().toString()));
        }
        if (entry.msecs() != null) {
            fields.add(new Field("msecs", entry.msecs().toString()));
        }
        if (entry.get(LogField.CLIENT_ID) != null) {
            fields.add(new Field("seq", Long.toString(entry.seq())));
        }
        for (Map.Entry<LogField, String> field : entry.textFields().entrySet()) {
            if (field.getKey() != LogField.EXC_TEXT && field.getKey() != LogField.STACK_INFO && field.getValue() != null) {
                fields.add(new Field(field.getKey().column(), field.getValue()));
            }
        }
        return fields;
    }

    /** A field's name and value (a class with getters for EL). */
    public static final class Field {
        private final String name;
        private final String value;

        Field(String name, String value) {
            this.name = name;
            this.value = value;
        }

        public String getName() {
            return name;
        }

        public String getValue() {
            return value;
        }
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
