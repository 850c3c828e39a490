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

    static String format(String pattern, Object[] parameters) {
        if (pattern == null || parameters == null || parameters.length == 0 || !hasPlaceholder(pattern)) {
            return pattern;
        }
        try {
            return FORMATS.get().computeIfAbsent(pattern, MessageFormat::new).format(parameters);
        } catch (RuntimeException e) { // as Formatter.formatMessage: a pattern MessageFormat refuses stays as it is
            return pattern;
        }
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
