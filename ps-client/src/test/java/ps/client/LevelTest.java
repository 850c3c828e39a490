package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LevelTest {

    @Test
    void numbersArePythons() {
        assertEquals(5, Level.TRACE.number());
        assertEquals(10, Level.DEBUG.number());
        assertEquals(20, Level.INFO.number());
        assertEquals(30, Level.WARNING.number());
        assertEquals(40, Level.ERROR.number());
        assertEquals(50, Level.CRITICAL.number());
    }

    @Test
    void mapsEveryJavaLevel() {
        assertEquals(Level.ERROR, Level.ofJul(java.util.logging.Level.SEVERE));
        assertEquals(Level.WARNING, Level.ofJul(java.util.logging.Level.WARNING));
        assertEquals(Level.INFO, Level.ofJul(java.util.logging.Level.INFO));
        assertEquals(Level.DEBUG, Level.ofJul(java.util.logging.Level.CONFIG));
        assertEquals(Level.DEBUG, Level.ofJul(java.util.logging.Level.FINE));
        assertEquals(Level.TRACE, Level.ofJul(java.util.logging.Level.FINER));
        assertEquals(Level.TRACE, Level.ofJul(java.util.logging.Level.FINEST));
        assertEquals(Level.TRACE, Level.ofJul(java.util.logging.Level.ALL));
        assertEquals(Level.ERROR, Level.ofJul(java.util.logging.Level.OFF));
    }

    @Test
    void mapsCustomJavaLevelsToTheBandBelowThem() {
        assertEquals(Level.WARNING, Level.ofJul(new CustomLevel("NOTICE_PLUS", 950)));
        assertEquals(Level.INFO, Level.ofJul(new CustomLevel("AUDIT", 850)));
        assertEquals(Level.TRACE, Level.ofJul(new CustomLevel("VERBOSE", 450)));
    }

    @ParameterizedTest
    @CsvSource({
        "TRACE, TRACE", "debug, DEBUG", "Info, INFO", "WARNING, WARNING", "warn, WARNING", "ERROR, ERROR",
        "CRITICAL, CRITICAL", "fatal, CRITICAL", "SEVERE, ERROR", "CONFIG, DEBUG", "FINE, DEBUG",
        "FINER, TRACE", "finest, TRACE", "' info ', INFO",
        "5, TRACE", "10, DEBUG", "20, INFO", "30, WARNING", "40, ERROR", "50, CRITICAL",
        "25, INFO", "0, TRACE", "99, CRITICAL"
    })
    void parsesNamesAliasesAndNumbers(String text, Level expected) {
        assertEquals(expected, Level.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOUD", "", "ALL", "2.5", "info!"})
    void unknownNameIsRefusedNamingTheAcceptedValues(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Level.parse(text));

        assertTrue(e.getMessage().contains("unknown level '" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "-1, TRACE", "0, TRACE", "4, TRACE", "5, TRACE", "9, TRACE", "10, DEBUG", "15, DEBUG", "19, DEBUG",
        "20, INFO", "21, INFO", "29, INFO", "30, WARNING", "35, WARNING", "39, WARNING", "40, ERROR", "45, ERROR",
        "49, ERROR", "50, CRITICAL", "1000, CRITICAL"
    })
    void numberInBetweenMapsToTheHighestLevelNotAboveIt(int number, Level expected) {
        assertEquals(expected, Level.ofNumber(number));
    }

    private static final class CustomLevel extends java.util.logging.Level {
        private static final long serialVersionUID = 1L;

        CustomLevel(String name, int value) {
            super(name, value);
        }
    }
}
