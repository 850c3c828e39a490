package ps.bridge.codec;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * Writes JSON text for LogField.EXTRA. Strings are escaped so the result is valid JSON in plain ASCII
 * control-wise: control characters, quote, backslash, and lone surrogates (which JSON input can carry as
 * {@code \ud800} escapes but UTF-8 cannot encode) become escapes.
 */
final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"');
    }

    static StringBuilder value(StringBuilder out, JsonValue value) {
        switch (value.getValueType()) {
            case STRING:
                return string(out, ((JsonString) value).getString());
            case NUMBER:
                return out.append(((JsonNumber) value).toString());
            case TRUE:
                return out.append("true");
            case FALSE:
                return out.append("false");
            case NULL:
                return out.append("null");
            case ARRAY: {
                out.append('[');
                boolean first = true;
                for (JsonValue element : (JsonArray) value) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    value(out, element);
                }
                return out.append(']');
            }
            case OBJECT: {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> member : ((JsonObject) value).entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, member.getKey()).append(':');
                    value(out, member.getValue());
                }
                return out.append('}');
            }
            default:
                throw new IllegalStateException("unknown JSON value type " + value.getValueType());
        }
    }

    /**
     * Input text for an error message: JSON-quoted (so control characters cannot forge log lines) and cut
     * to {@code max} characters.
     */
    static String quote(String s, int max) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 8);
        if (s.length() <= max) {
            return string(out, s).toString();
        }
        return string(out, s.substring(0, max)).append("...").toString();
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
