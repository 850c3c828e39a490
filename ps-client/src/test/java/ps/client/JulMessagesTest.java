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
}
