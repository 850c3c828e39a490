package ps.herald.control;

import java.time.Instant;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.LogRow;

/** A stored record as JSON: every column by its name, times as ISO-8601 (UTC) and as epoch milliseconds. */
public final class LogJson {
    /**
     * One factory for every record: {@code Json.createObjectBuilder()} looks the JSON provider up again on
     * each call (a service-loader scan, milliseconds inside the server), which made a page of 500 take seconds.
     */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private LogJson() {
    }

    public static JsonObject of(LogRow row) {
        LogEntry entry = row.entry();
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("id", row.id())
                .add("created", Instant.ofEpochMilli(entry.created()).toString())
                .add("created_ms", entry.created())
                .add("received", Instant.ofEpochMilli(entry.received()).toString())
                .add("received_ms", entry.received())
                .add("levelno", entry.levelno())
                .add("node", entry.node());
        if (entry.lineno() != null) {
            json.add("lineno", entry.lineno());
        }
        if (entry.relativeCreated() != null) {
            json.add("relativecreated", entry.relativeCreated());
        }
        if (entry.msecs() != null) {
            json.add("msecs", entry.msecs());
        }
        if (entry.get(LogField.CLIENT_ID) != null) {
            json.add("seq", entry.seq());
        }
        for (Map.Entry<LogField, String> field : entry.textFields().entrySet()) {
            json.add(field.getKey().column(), field.getValue());
        }
        return json.build();
    }
}
