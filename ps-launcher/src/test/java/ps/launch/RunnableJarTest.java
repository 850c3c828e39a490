package ps.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RunnableJarTest {

    @Test
    void aSettingIsTheSystemPropertyElseTheEnvironmentVariable() {
        Map<String, String> environment = Map.of("PS_HTTP_PORT", " 8123 ", "PS_DATA_DIR", "");
        assertEquals("8123", RunnableJar.setting("ps.http.port", environment));
        assertNull(RunnableJar.setting("ps.data.dir", environment), "blank is unset");
        System.setProperty("ps.test.only.setting", "from-property");
        try {
            assertEquals("from-property", RunnableJar.setting("ps.test.only.setting", Map.of("PS_TEST_ONLY_SETTING", "env")));
        } finally {
            System.clearProperty("ps.test.only.setting");
        }
    }

    @Test
    void aBadStageOrPortIsRefusedBeforeAnythingIsWritten() {
        IllegalArgumentException stage = assertThrows(IllegalArgumentException.class,
                () -> RunnableJar.prepare(new String[0], name -> name.equals("ps.stage") ? "STAGING" : null));
        assertEquals("PS_STAGE='STAGING' is not a stage: use TESTING, DEVELOPMENT, INTEGRATION or PRODUCTION", stage.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> RunnableJar.prepare(new String[0], name -> name.equals("ps.http.port") ? "80800" : null));
        assertEquals("PS_HTTP_PORT='80800' is not a port (1..65535)", port.getMessage());
    }
}
