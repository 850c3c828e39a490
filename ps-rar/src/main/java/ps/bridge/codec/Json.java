package ps.bridge.codec;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Compact JSON text of decoded pickle values. Numbers stay numbers (floats as Python writes them); values
 * JSON has no form for are written as Python's repr in a string: bytes ({@code "b'\\x00'"}), nan and inf.
 * Tuples and sets become arrays; dict keys that are not str become Python's str() of the key.
 */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        write(out, value);
        return out.toString();
    }

    static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            JsonText.string(out, (String) value);
        } else if (value instanceof Boolean) {
            out.append(((Boolean) value).booleanValue());
        } else if (value instanceof Long || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double) {
            double number = (Double) value;
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                JsonText.string(out, PyRepr.floatRepr(number));
            } else {
                out.append(PyRepr.floatRepr(number));
            }
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsonText.string(out, PyRepr.str(entry.getKey()));
                out.append(':');
                write(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            out.append('[');
            for (int i = 0, n = list.size(); i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            JsonText.string(out, PyRepr.str(value)); // bytes
        }
    }
}
