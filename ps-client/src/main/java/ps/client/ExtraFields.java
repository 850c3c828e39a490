package ps.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.LogRecord;

/**
 * Fields a {@code java.util.logging} record carries beyond PS's columns: pass an instance among the
 * record's parameters and {@link PsHandler} sends them as the record's {@link LogField#EXTRA} JSON object
 * (string values), e.g. {@code record.setParameters(new Object[] {ExtraFields.of(Map.of("order", "42"))})}.
 * A message without {@code {0}} placeholders is not changed by the parameter.
 */
public final class ExtraFields {
    private final Map<String, String> fields;

    private ExtraFields(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** A copy of the fields, in their order; null keys and values are left out. */
    public static ExtraFields of(Map<String, String> fields) {
        Map<String, String> copy = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        return new ExtraFields(copy);
    }

    /** The first ExtraFields among a record's parameters. */
    public static Optional<ExtraFields> in(LogRecord record) {
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            for (Object parameter : parameters) {
                if (parameter instanceof ExtraFields extra) {
                    return Optional.of(extra);
                }
            }
        }
        return Optional.empty();
    }

    public Map<String, String> fields() {
        return fields;
    }

    /** The fields as one JSON object, plain ASCII (other characters as \\u escapes). */
    public String toJson() {
        StringBuilder json = new StringBuilder(64).append('{');
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, field.getKey()).append(':');
            quote(json, field.getValue());
        }
        return json.append('}').toString();
    }

    /** Appends a JSON string literal. */
    public static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    @Override
    public String toString() {
        return toJson();
    }
}
