package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** The cached formats give what JUL's own Formatter.formatMessage gives, pattern by pattern. */
class JulMessagesTest {
    @Test
    void formatsAsJulDoes() {
        SimpleFormatter jul = new SimpleFormatter();
        Object[][] cases = {
            {"order {0} of {1}", new Object[] {17, "alice"}},
            {"order {0} of {1}", new Object[] {1234567, "bob"}},
            {"price {0,number,#.##}", new Object[] {3.14159}},
            {"no placeholder", new Object[] {1}},
            {"brace at the end {", new Object[] {1}},
            {"{x} is no placeholder", new Object[] {1}},
            {"quoted '{0}' and {0}", new Object[] {"v"}},
            {"broken {0", new Object[] {"v"}},
            {"missing {1}", new Object[] {"only one"}},
        };
        for (int round = 0; round < 2; round++) { // the second round from the cache
            for (Object[] c : cases) {
                LogRecord record = new LogRecord(java.util.logging.Level.INFO, (String) c[0]);
                record.setParameters((Object[]) c[1]);
                assertEquals(jul.formatMessage(record), JulMessages.format((String) c[0], (Object[]) c[1]),
                        (String) c[0]);
            }
        }
    }

    /** The fast path for plain {n} patterns gives exactly MessageFormat's text, in several locales. */
    @Test
    void plainPatternsAsMessageFormat() {
        java.util.Locale saved = java.util.Locale.getDefault(java.util.Locale.Category.FORMAT);
        Object[] values = {0, -1, 7, 999, 1000, 1234567, Integer.MIN_VALUE, Long.MAX_VALUE, (short) -300, (byte) 12,
            3.14159, -0.0, 1e20, 1.0 / 3, Double.NaN, Double.POSITIVE_INFINITY, 2.5f, "text", "", null, true, 'c',
            java.util.concurrent.TimeUnit.SECONDS, java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000")};
        String[] patterns = {"bench {0}", "{0}", "{0}{1} and {2} {1}", "a {12} b", "order {0} of {01}", "{1} {0}",
            "no room {5}"};
        try {
            for (String tag : new String[] {"en-US", "de-DE", "fr-FR", "de-CH", "ar-EG", "hi-IN", "th-TH-u-nu-thai"}) {
                java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, java.util.Locale.forLanguageTag(tag));
                for (String pattern : patterns) {
                    for (int i = 0; i < values.length; i++) {
                        Object[] parameters = {values[i], values[(i + 7) % values.length], values[(i + 3) % values.length]};
                        String expected = new java.text.MessageFormat(pattern).format(parameters);
                        String plain = JulMessages.plain(pattern, parameters);
                        assertEquals(expected, plain, tag + " " + pattern + " " + java.util.Arrays.toString(parameters));
                        assertEquals(expected, JulMessages.format(pattern, parameters), tag + " " + pattern);
                    }
                }
            }
        } finally {
            java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, saved);
        }
    }

    /** Integers are written without DecimalFormat's general path: as it writes them, in every locale the JDK has. */
    @Test
    void integersAsMessageFormatInEveryLocale() {
        java.util.Locale saved = java.util.Locale.getDefault(java.util.Locale.Category.FORMAT);
        Object[] values = {0, 5, -5, 12, 999, 1000, -1000, 12345, 1234567, -987654321, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Long.MAX_VALUE, Long.MIN_VALUE, 100000000000L, (short) 32767, (byte) -128};
        try {
            for (java.util.Locale locale : java.util.Locale.getAvailableLocales()) {
                java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, locale);
                for (Object value : values) {
                    Object[] parameters = {value};
                    assertEquals(new java.text.MessageFormat("n {0}.").format(parameters),
                            JulMessages.plain("n {0}.", parameters), locale + " " + value);
                }
            }
        } finally {
            java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, saved);
        }
    }

    /** What the fast path leaves to MessageFormat: quotes, format types, other values. */
    @Test
    void leavesTheRestToMessageFormat() {
        Object[] one = {1};
        org.junit.jupiter.api.Assertions.assertNull(JulMessages.plain("it''s {0}", one));
        org.junit.jupiter.api.Assertions.assertNull(JulMessages.plain("{0,number,#.##}", one));
        org.junit.jupiter.api.Assertions.assertNull(JulMessages.plain("{ 0}", one));
        org.junit.jupiter.api.Assertions.assertNull(JulMessages.plain("a } b {0}", one));
        org.junit.jupiter.api.Assertions.assertNull(JulMessages.plain("{0}", new Object[] {new java.util.Date(0)}));
        org.junit.jupiter.api.Assertions.assertNull(JulMessages.plain("{0}", new Object[] {new java.math.BigDecimal("1.5")}));
        org.junit.jupiter.api.Assertions.assertEquals("x 1", JulMessages.plain("x {0}", one));
    }
}
