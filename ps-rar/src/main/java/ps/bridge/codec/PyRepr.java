package ps.bridge.codec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code str()} and {@code repr()} of decoded pickle values, so that a non-text value in a text
 * field reads as it would have on the Python side (e.g. {@code ['a', 1]}, {@code 1e+16}, {@code b'\x00'}).
 */
final class PyRepr {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PyRepr() {
    }

    static String str(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Long) {
            return value.toString(); // a record's thread and process ids: no builder for them (JFR: allocation)
        }
        StringBuilder out = new StringBuilder();
        repr(out, value);
        return out.toString();
    }

    static void repr(StringBuilder out, Object value) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof String) {
            string(out, (String) value);
        } else if (value instanceof Boolean) {
            out.append((Boolean) value ? "True" : "False");
        } else if (value instanceof Double) {
            out.append(floatRepr((Double) value));
        } else if (value instanceof byte[]) {
            bytes(out, (byte[]) value);
        } else if (value instanceof Map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                out.append(separator);
                repr(out, entry.getKey());
                out.append(": ");
                repr(out, entry.getValue());
                separator = ", ";
            }
            out.append('}');
        } else if (value instanceof PyTuple) {
            List<?> tuple = (List<?>) value;
            sequence(out, tuple, "(", tuple.size() == 1 ? ",)" : ")");
        } else if (value instanceof PySet) {
            PySet set = (PySet) value;
            if (set.frozen) {
                out.append("frozenset(");
                if (!set.isEmpty()) {
                    sequence(out, set, "{", "}");
                }
                out.append(')');
            } else if (set.isEmpty()) {
                out.append("set()");
            } else {
                sequence(out, set, "{", "}");
            }
        } else if (value instanceof List) {
            sequence(out, (List<?>) value, "[", "]");
        } else {
            out.append(value); // Long, BigInteger
        }
    }

    private static void sequence(StringBuilder out, List<?> values, String open, String close) {
        out.append(open);
        for (int i = 0, n = values.size(); i < n; i++) {
            if (i > 0) {
                out.append(", ");
            }
            repr(out, values.get(i));
        }
        out.append(close);
    }

    /** Python's {@code repr(float)}: the shortest digits that read back exactly, e.g. 0.1, 1e+16, 1e-05. */
    static String floatRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal decimal = shortest(value);
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        StringBuilder out = new StringBuilder(24);
        if (value < 0) {
            out.append('-');
        }
        if (exponent < -4 || exponent >= 16) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                out.append('0');
            }
            out.append(magnitude);
        } else if (exponent < 0) {
            out.append("0.");
            for (int i = -1; i > exponent; i--) {
                out.append('0');
            }
            out.append(digits);
        } else if (digits.length() <= exponent + 1) {
            out.append(digits);
            for (int i = digits.length(); i <= exponent; i++) {
                out.append('0');
            }
            out.append(".0");
        } else {
            out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return out.toString();
    }

    /**
     * Java 17's Double.toString is a good first guess but not always the shortest: it writes at least two
     * digits (4.9E-324 for 5e-324) and sometimes one to three too many (JDK-4511638). Whether some decimal
     * of a precision reads back grows with the precision, so the search goes down from the guess, or up if
     * the guess fails.
     */
    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        int precision = Math.min(17, new BigDecimal(Double.toString(value)).stripTrailingZeros().precision());
        BigDecimal best = readsBack(exact, value, precision);
        while (best == null) {
            best = readsBack(exact, value, ++precision);
        }
        for (BigDecimal shorter; precision > 1 && (shorter = readsBack(exact, value, precision - 1)) != null; ) {
            best = shorter;
            precision--;
        }
        return best.stripTrailingZeros();
    }

    /**
     * The decimal of this precision nearest to the value that reads back as the value, or null. Both
     * neighbours are tried: just above a power of two the nearest one may fall on the closer lower double.
     */
    private static BigDecimal readsBack(BigDecimal exact, double value, int precision) {
        BigDecimal down = exact.round(new MathContext(precision, RoundingMode.DOWN));
        BigDecimal up = exact.round(new MathContext(precision, RoundingMode.UP));
        boolean downReads = down.doubleValue() == value;
        boolean upReads = up.doubleValue() == value;
        if (downReads && upReads) {
            return exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
        }
        return downReads ? down : upReads ? up : null;
    }

    private static void string(StringBuilder out, String value) {
        char quote = value.indexOf('\'') >= 0 && value.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        for (int i = 0, n = value.length(); i < n; ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (escaped(out, c, quote)) {
                continue;
            }
            if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else if (printable(c)) {
                out.appendCodePoint(c);
            } else if (c < 0x100) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else if (c < 0x10000) {
                out.append("\\u");
                hex(out, c, 4);
            } else {
                out.append("\\U");
                hex(out, c, 8);
            }
        }
        out.append(quote);
    }

    /** Python's str.isprintable for a non-ASCII code point: not a control, format, separator or unassigned. */
    private static boolean printable(int c) {
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    private static void bytes(StringBuilder out, byte[] value) {
        boolean single = false;
        boolean dbl = false;
        for (byte b : value) {
            single |= b == '\'';
            dbl |= b == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        out.append("b").append(quote);
        for (byte b : value) {
            int c = b & 0xff;
            if (escaped(out, c, quote)) {
                continue;
            }
            if (c < 0x20 || c >= 0x7f) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append((char) c);
            }
        }
        out.append(quote);
    }

    /** The backslash escapes str and bytes reprs share: the quote, backslash, tab, LF and CR. */
    private static boolean escaped(StringBuilder out, int c, char quote) {
        if (c == quote || c == '\\') {
            out.append('\\').append((char) c);
        } else if (c == '\t') {
            out.append("\\t");
        } else if (c == '\n') {
            out.append("\\n");
        } else if (c == '\r') {
            out.append("\\r");
        } else {
            return false;
        }
        return true;
    }

    private static void hex(StringBuilder out, int value, int digits) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            out.append(HEX[value >> shift & 0xf]);
        }
    }
}
