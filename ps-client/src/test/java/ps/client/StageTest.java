package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StageTest {

    @ParameterizedTest
    @CsvSource({"testing, TESTING", "Development, DEVELOPMENT", "' INTEGRATION ', INTEGRATION", "production, PRODUCTION"})
    void parsesNamesIgnoringCaseAndSpace(String text, Stage expected) {
        assertEquals(expected, Stage.parse(text));
    }

    @Test
    void unknownStageIsRefusedNamingTheAcceptedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stage.parse("qa"));

        assertEquals("unknown stage 'qa': use one of TESTING, DEVELOPMENT, INTEGRATION, PRODUCTION", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"TESTING, 9010, 9110", "DEVELOPMENT, 9020, 9120", "INTEGRATION, 9022, 9122", "PRODUCTION, 9024, 9124"})
    void picklePortIsTheOriginalsAndNativeIsOneHundredAbove(Stage stage, int pickle, int nativePort) {
        assertEquals(pickle, stage.picklePort());
        assertEquals(nativePort, stage.nativePort());
    }

    @Test
    void suffixesAreTheOriginals() {
        assertEquals("_t", Stage.TESTING.suffix());
        assertEquals("_d", Stage.DEVELOPMENT.suffix());
        assertEquals("_i", Stage.INTEGRATION.suffix());
        assertEquals("", Stage.PRODUCTION.suffix());
    }

    @Test
    void stagePropertyWinsOverTheEnvironment() {
        String before = System.getProperty("ps.stage");
        try {
            System.setProperty("ps.stage", "integration");
            assertEquals(Stage.INTEGRATION, Stage.fromEnvironment());
        } finally {
            if (before == null) {
                System.clearProperty("ps.stage");
            } else {
                System.setProperty("ps.stage", before);
            }
        }
    }
}
