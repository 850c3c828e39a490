package ps.client;

import java.util.Map;

/**
 * The {@link LogField#EXTRA} field: context values a logging framework carries beyond PS's columns (MDC,
 * ThreadContext, key-value pairs), as one JSON object of strings.
 */
public final class Extras {
    private Extras() {
    }

    /** @return the JSON object, or null when there is nothing to write */
    public static String json(Map<String, ?> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        StringBuilder json = new StringBuilder(16 + values.size() * 24).append('{');
        for (Map.Entry<String, ?> value : values.entrySet()) {
            if (value.getKey() == null) {
                continue;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            string(json, value.getKey()).append(':');
            if (value.getValue() == null) {
                json.append("null");
            } else {
                string(json, String.valueOf(value.getValue()));
            }
        }
        return json.length() == 1 ? null : json.append('}').toString();
    }

    private static StringBuilder string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': json.append("\\\""); break;
                case '\\': json.append("\\\\"); break;
                case '\n': json.append("\\n"); break;
                case '\r': json.append("\\r"); break;
                case '\t': json.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
            }
        }
        return json.append('"');
    }
}
