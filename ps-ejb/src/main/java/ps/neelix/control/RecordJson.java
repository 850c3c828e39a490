package ps.neelix.control;

import java.io.StringReader;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import ps.client.LogEntry;
import ps.client.LogField;

/** A record as the JSON a node leaves in {@code neelix_record_inbox}: its numbers and its text fields by name. */
final class RecordJson {
    private RecordJson() {
    }

    static String write(LogEntry entry) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("created", entry.created())
                .add("received", entry.received())
                .add("levelno", entry.levelno())
                .add("seq", entry.seq())
                .add("node", entry.node());
        if (entry.lineno() != null) {
            json.add("lineno", entry.lineno());
        }
        JsonObjectBuilder fields = Json.createObjectBuilder();
        for (Map.Entry<LogField, String> field : entry.textFields().entrySet()) {
            fields.add(field.getKey().name(), field.getValue());
        }
        return json.add("fields", fields).build().toString();
    }

    static LogEntry read(String text) {
        JsonObject json = Json.createReader(new StringReader(text)).readObject();
        LogEntry entry = new LogEntry().created(json.getJsonNumber("created").longValue())
                .received(json.getJsonNumber("received").longValue()).levelno(json.getInt("levelno"))
                .seq(json.getJsonNumber("seq").longValue()).node(json.getInt("node"));
        JsonValue lineno = json.get("lineno");
        entry.lineno(lineno instanceof JsonNumber number ? number.intValue() : null);
        json.getJsonObject("fields").forEach((name, value) -> entry.set(LogField.valueOf(name), ((jakarta.json.JsonString) value).getString()));
        return entry;
    }
}
