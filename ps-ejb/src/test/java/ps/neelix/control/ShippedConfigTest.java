package ps.neelix.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import ps.neelix.entity.NeelixConfig;

/** The example config in the repository's config/ directory stays valid. */
class ShippedConfigTest {
    static final Path CONFIG = Path.of("..", "config");

    @Test
    void theExampleYamlReads() throws Exception {
        Path file = CONFIG.resolve("neelix-development.yaml");
        NeelixConfig config = new YamlConfigReader(file.toString()).read(Files.readString(file));
        assertEquals(2, config.rules().size());
        assertFalse(config.services().isEmpty());
    }

    @Test
    void theExampleIniReads() throws Exception {
        Path file = CONFIG.resolve("ps_neelix_d.cfg.example");
        NeelixConfig config = new IniConfigReader(file.toString()).read(Files.readString(file));
        assertEquals("ini:billing", config.rules().get(0).id());
    }
}
