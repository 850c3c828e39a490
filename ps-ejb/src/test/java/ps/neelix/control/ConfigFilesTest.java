package ps.neelix.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ps.client.Stage;

class ConfigFilesTest {
    @TempDir
    Path dir;

    @Test
    void aBadFileKeepsThePreviousRulesAndSaysWhere() throws Exception {
        Path yaml = dir.resolve("neelix-integration.yaml");
        Files.writeString(yaml, "rules:\n  - id: a\n    mail_to: x@example.com\n");
        ConfigFiles files = new ConfigFiles(dir, Stage.INTEGRATION);
        ConfigFiles.Reload first = files.reload();
        assertTrue(first.changed());
        assertEquals(1, first.config().rules().size());
        assertFalse(files.reload().changed(), "unchanged content is not read again");

        Files.writeString(yaml, "rules:\n  - id: a\n    mail_to: x@example.com\n  - id: b\n    colour: red\n");
        ConfigFiles.Reload bad = files.reload();
        assertFalse(bad.changed());
        assertTrue(bad.hasProblems());
        assertEquals(1, bad.messages().size());
        assertTrue(bad.messages().get(0).startsWith(yaml + ":5: unknown key 'colour'"), bad.messages().get(0));
        assertEquals("a", bad.config().rules().get(0).id(), "old rules stay in force");

        Files.writeString(dir.resolve("ps_neelix_i.cfg"), "[billing]\nMAIL_TO = b@example.com\nMSG = boom\n");
        ConfigFiles.Reload both = files.reload();
        assertTrue(both.changed());
        assertEquals(2, both.config().rules().size(), "the good YAML from before plus the INI file");
        assertEquals("ini:billing", both.config().rules().get(1).id());

        Files.delete(yaml);
        assertEquals(1, files.reload().config().rules().size());
    }

    @Test
    void namesFollowTheStage() {
        assertEquals(dir.resolve("ps_neelix.cfg"), new ConfigFiles(dir, Stage.PRODUCTION).files().get(1));
        assertEquals(dir.resolve("ps_neelix_t.cfg"), new ConfigFiles(dir, Stage.TESTING).files().get(1));
        assertEquals(dir.resolve("neelix-development.yaml"), new ConfigFiles(dir, Stage.DEVELOPMENT).files().get(0));
    }
}
