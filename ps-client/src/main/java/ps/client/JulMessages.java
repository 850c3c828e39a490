package ps.client;

import java.text.MessageFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Formats a JUL message pattern with its parameters as {@code java.util.logging.Formatter.formatMessage}
 * does for a record without a resource bundle, but with the pattern's {@link MessageFormat} kept per thread
 * (a bounded set of the most recent patterns): building one per record (pattern parse, number format and
 * locale look-ups) cost the outbox's mover more than writing the record to disk.
 */
final class JulMessages {
    private static final int PATTERNS = 64;
    private static final ThreadLocal<Map<String, MessageFormat>> FORMATS = ThreadLocal.withInitial(
            () -> new LinkedHashMap<>(PATTERNS * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, MessageFormat> eldest) {
                    return size() > PATTERNS;
                }
            });

    private JulMessages() {
    }

    /** The FORMAT locale's number format, as MessageFormat makes one for each number it formats. */
    private static final ThreadLocal<Numbers> NUMBERS = new ThreadLocal<>();

    /**
     * A locale's number format and, where it is a plain {@code DecimalFormat} (as for every locale the JDK
     * knows), what it prints around and between an integer's digits, so that integers are written here as
     * it writes them without its general (and slower) path.
     */
    private record Numbers(java.util.Locale locale, java.text.NumberFormat format, boolean integers, char zero,
                           char separator, int grouping, String plus, String plusEnd, String minus, String minusEnd) {
        static Numbers of(java.util.Locale locale) {
            java.text.NumberFormat format = java.text.NumberFormat.getInstance(locale);
            if (format instanceof java.text.DecimalFormat decimal && decimal.getMultiplier() == 1
                    && decimal.getMinimumIntegerDigits() <= 1 && decimal.getMaximumIntegerDigits() >= 20
                    && decimal.getRoundingMode() == java.math.RoundingMode.HALF_EVEN) {
                java.text.DecimalFormatSymbols symbols = decimal.getDecimalFormatSymbols();
                return new Numbers(locale, format, true, symbols.getZeroDigit(), symbols.getGroupingSeparator(),
                        decimal.isGroupingUsed() ? decimal.getGroupingSize() : 0, decimal.getPositivePrefix(),
                        decimal.getPositiveSuffix(), decimal.getNegativePrefix(), decimal.getNegativeSuffix());
            }
            return new Numbers(locale, format, false, '0', ',', 0, "", "", "", "");
        }

        void integer(StringBuilder text, long value) {
            String digits = Long.toString(value);
            int from = value < 0 ? 1 : 0;
            text.append(value < 0 ? minus : plus);
            for (int i = from; i < digits.length(); i++) {
                text.append((char) (zero + digits.charAt(i) - '0'));
                int left = digits.length() - i - 1;
                if (grouping > 0 && left > 0 && left % grouping == 0) {
                    text.append(separator);
                }
            }
            text.append(value < 0 ? minusEnd : plusEnd);
        }
    }

    static String format(String pattern, Object[] parameters) {
        if (pattern == null || parameters == null || parameters.length == 0 || !hasPlaceholder(pattern)) {
            return pattern;
        }
        String plain = plain(pattern, parameters);
        if (plain != null) {
            return plain;
        }
        try {
            return FORMATS.get().computeIfAbsent(pattern, MessageFormat::new).format(parameters);
        } catch (RuntimeException e) { // as Formatter.formatMessage: a pattern MessageFormat refuses stays as it is
            return pattern;
        }
    }

    /**
     * The common case without a MessageFormat: a pattern of plain {@code {n}} placeholders (no quote, no
     * format type, no other brace) with strings, numbers of the boxed kinds and values printed by their
     * {@code toString()}, formatted as MessageFormat formats them: a number by the FORMAT locale's
     * {@code NumberFormat.getInstance} (kept per thread instead of looked up per number), {@code null} as
     * "null", a placeholder without a parameter as itself.
     *
     * @return the text, or null when the pattern or a parameter needs MessageFormat itself
     */
    static String plain(String pattern, Object[] parameters) {
        int length = pattern.length();
        StringBuilder text = new StringBuilder(length + 16 * parameters.length);
        int i = 0;
        while (i < length) {
            char c = pattern.charAt(i);
            if (c == '\'' || c == '}') {
                return null;
            }
            if (c != '{') {
                text.append(c);
                i++;
                continue;
            }
            int index = 0;
            int j = i + 1;
            while (j < length && j < i + 3 && pattern.charAt(j) >= '0' && pattern.charAt(j) <= '9') {
                index = index * 10 + pattern.charAt(j) - '0';
                j++;
            }
            if (j == i + 1 || j >= length || pattern.charAt(j) != '}') {
                return null;
            }
            if (index >= parameters.length) {
                text.append('{').append(index).append('}');
            } else if (!append(text, parameters[index])) {
                return null;
            }
            i = j + 1;
        }
        return text.toString();
    }

    private static boolean append(StringBuilder text, Object value) {
        if (value == null) {
            text.append("null");
        } else if (value instanceof String string) {
            text.append(string);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            Numbers numbers = numbers();
            if (numbers.integers()) {
                numbers.integer(text, ((Number) value).longValue());
            } else {
                text.append(numbers.format().format(value));
            }
        } else if (value instanceof Double || value instanceof Float) {
            text.append(numbers().format().format(value));
        } else if (value instanceof Boolean || value instanceof Character || value instanceof Enum
                || value instanceof java.util.UUID) {
            text.append(value);
        } else {
            return false;
        }
        return true;
    }

    private static Numbers numbers() {
        java.util.Locale locale = java.util.Locale.getDefault(java.util.Locale.Category.FORMAT);
        Numbers numbers = NUMBERS.get();
        if (numbers == null || !numbers.locale().equals(locale)) {
            numbers = Numbers.of(locale);
            NUMBERS.set(numbers);
        }
        return numbers;
    }

    /** Formatter.formatMessage's own test: a '{' followed by a digit. */
    private static boolean hasPlaceholder(String pattern) {
        int index = -1;
        int fence = pattern.length() - 1;
        while ((index = pattern.indexOf('{', index + 1)) > -1 && index < fence) {
            char digit = pattern.charAt(index + 1);
            if (digit >= '0' && digit <= '9') {
                return true;
            }
        }
        return false;
    }
}
