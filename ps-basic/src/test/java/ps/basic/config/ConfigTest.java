package ps.basic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsTheOriginalsIniWithTypedGettersAndDefaults() throws Exception {
        Path file = dir.resolve("svc_t.cfg");
        Files.writeString(file, """
                # the original's layout
                [GLOBAL]
                pattern_language = DE
                Log_Level: INFO
                herald_host = ps.example.org
                retries = 3
                enabled = yes
                ; a comment
                [transfer]
                source = /data/in
                targets = a, b,
                   c
                """);
        Config config = Config.load(file, true);
        assertTrue(config.exists());
        assertEquals("DE", config.getChoice(Config.GLOBAL, "pattern_language", "EN", "DE", "EN"));
        assertEquals("INFO", config.get(Config.GLOBAL, "log_level", "DEBUG"), "keys are case-insensitive");
        assertEquals(3, config.getInt(Config.GLOBAL, "retries", 1));
        assertEquals(7, config.getInt(Config.GLOBAL, "absent", 7));
        assertTrue(config.getBoolean(Config.GLOBAL, "enabled", false));
        assertEquals(List.of("a", "b", "c"), config.getList("transfer", "targets"), "continuation lines join the value");
        assertEquals(List.of("GLOBAL", "transfer"), List.copyOf(config.sections()));
    }

    @Test
    void aMalformedLineIsAnErrorNamingFileAndLine() throws Exception {
        Path file = dir.resolve("svc.cfg");
        Files.writeString(file, "[GLOBAL]\npattern_language = EN\nthis line has no separator\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.load(file, false));
        assertTrue(e.getMessage().contains(file + ":3:"), e.getMessage());
        assertEquals(78, e.exitCode());
    }

    @Test
    void aKeyBeforeAnySectionOrTwiceIsAnError() {
        Path file = dir.resolve("x.cfg");
        assertTrue(assertThrows(ConfigException.class, () -> Config.parse(file, List.of("a = 1")))
                .getMessage().contains(":1: a key before the first [SECTION]"));
        assertTrue(assertThrows(ConfigException.class, () -> Config.parse(file, List.of("[S]", "a = 1", "A = 2")))
                .getMessage().contains(":3: key 'a' is given twice"));
    }

    @Test
    void aValueATypedGetterCannotReadNamesFileAndLine() {
        Config config = Config.parse(dir.resolve("y.cfg"), List.of("[GLOBAL]", "", "retries = many"));
        ConfigException e = assertThrows(ConfigException.class, () -> config.getInt(Config.GLOBAL, "retries", 1));
        assertTrue(e.getMessage().contains("y.cfg:3:") && e.getMessage().contains("not an integer"), e.getMessage());
        assertThrows(ConfigException.class, () -> Config.parse(dir.resolve("z.cfg"), List.of("[GLOBAL]", "pattern_language = FR"))
                .getChoice(Config.GLOBAL, "pattern_language", "EN", "DE", "EN"));
    }

    @Test
    void aMissingFileIsAnErrorOnlyWhenMandatory() {
        Path file = dir.resolve("absent.cfg");
        assertFalse(Config.load(file, false).exists());
        assertEquals("d", Config.load(file, false).get(Config.GLOBAL, "k", "d"));
        ConfigException e = assertThrows(ConfigException.class, () -> Config.load(file, true));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("missing"), e.getMessage());
    }
}
