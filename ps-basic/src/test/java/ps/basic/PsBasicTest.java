package ps.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ps.basic.lock.LockedException;
import ps.basic.template.Templates;
import ps.client.Stage;

class PsBasicTest {
    @TempDir
    Path dir;

    private Map<String, String> env(String... more) {
        java.util.HashMap<String, String> env = new java.util.HashMap<>();
        env.put("PS_HOST", "127.0.0.1");
        env.put("PS_NATIVE_PORT", "1"); // nothing listens: records wait in the spool
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void aMissingOrUnknownStageIsAnErrorNamingTheAllowedOnes() {
        BasicException missing = assertThrows(BasicException.class,
                () -> PsBasic.builder("svc").environment(env()).workingDir(dir).start());
        assertTrue(missing.getMessage().contains("DEV_STAGE") && missing.getMessage().contains("TESTING, DEVELOPMENT, INTEGRATION, PRODUCTION"));
        assertEquals(78, missing.exitCode());
        BasicException unknown = assertThrows(BasicException.class,
                () -> PsBasic.builder("svc").environment(env("DEV_STAGE", "STAGING")).workingDir(dir).start());
        assertTrue(unknown.getMessage().contains("STAGING") && unknown.getMessage().contains("PRODUCTION"), unknown.getMessage());
    }

    @Test
    void readsTheStagesConfigFromTheConfigDirAndWritesTheLocalLog() throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(configDir.resolve("svc_i.cfg"), "[GLOBAL]\npattern_language = DE\nlog_level = INFO\n");
        try (PsBasic basic = PsBasic.builder("svc").configMandatory()
                .environment(env("DEV_STAGE", "integration", "BASIC_CONFIGFILE_DIR", configDir.toString()))
                .workingDir(dir).start()) {
            assertEquals(Stage.INTEGRATION, basic.stage());
            assertEquals(Templates.Language.DE, basic.templates().language());
            assertEquals(dir.resolve("LOG/svc_i.log"), basic.localLog());
            basic.logger().info("hello local log");
            basic.logger().fine("below the configured level");
            assertThrows(IllegalStateException.class, () -> PsBasic.start("other"), "one per process");
        }
        String log = Files.readString(dir.resolve("LOG/svc_i.log"));
        assertTrue(log.contains(" svc ") && log.contains("INFO svc ") && log.contains("hello local log"), log);
        assertTrue(!log.contains("below the configured level"));
    }

    @Test
    void sighupReReadsTheConfigAndAMalformedOneKeepsTheOldOne() throws Exception {
        Path file = dir.resolve("svc_t.cfg");
        Files.writeString(file, "[transfer]\nretries = 1\n");
        try (PsBasic basic = PsBasic.builder("svc").configMandatory().environment(env("DEV_STAGE", "TESTING")).workingDir(dir).start()) {
            assertEquals(1, basic.config().getInt("transfer", "retries", 0));
            Files.writeString(file, "[transfer]\nretries = 2\n");
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
            assertEquals(0, hup.waitFor());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (basic.config().getInt("transfer", "retries", 0) != 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, basic.config().getInt("transfer", "retries", 0), "SIGHUP re-read the file");
            Files.writeString(file, "[transfer]\nno separator here\n");
            assertTrue(!basic.reloadConfig());
            assertEquals(2, basic.config().getInt("transfer", "retries", 0), "the config read before stays");
        }
        assertTrue(Files.readString(dir.resolve("LOG/svc_t.log")).contains("config not re-read, the one read before stays: "
                + file + ":2:"));
    }

    @Test
    void aMissingMandatoryConfigAndAMissingConfigDirAreErrors() {
        BasicException e = assertThrows(BasicException.class, () -> PsBasic.builder("svc").configMandatory()
                .environment(env("DEV_STAGE", "TESTING")).workingDir(dir).start());
        assertTrue(e.getMessage().contains(dir.resolve("svc_t.cfg").toString()), e.getMessage());
        BasicException noDir = assertThrows(BasicException.class, () -> PsBasic.builder("svc")
                .environment(env("DEV_STAGE", "TESTING", "BASIC_CONFIGFILE_DIR", "/no/such/dir")).workingDir(dir).start());
        assertTrue(noDir.getMessage().contains("BASIC_CONFIGFILE_DIR"), noDir.getMessage());
    }

    @Test
    void theLockGuardsAgainstASecondInstance() throws Exception {
        Process holder = ps.basic.lock.InstanceLockTest.holder(dir.resolve("svc_lock_t"));
        try {
            LockedException e = assertThrows(LockedException.class, () -> PsBasic.builder("svc").lock()
                    .environment(env("PS_STAGE", "TESTING")).workingDir(dir).start());
            assertTrue(e.getMessage().contains("PID " + holder.pid()));
        } finally {
            holder.destroyForcibly().waitFor();
        }
        try (PsBasic basic = PsBasic.builder("svc").lock().environment(env("PS_STAGE", "TESTING")).workingDir(dir).start()) {
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(dir.resolve("svc_lock_t")).strip());
            basic.logger().fine("own debug record");
            java.util.logging.Logger.getLogger("jakarta.activation").fine("library chatter");
        }
        String log = Files.readString(dir.resolve("LOG/svc_t.log"));
        assertTrue(log.contains("own debug record"), "DEBUG by default, as the original");
        assertTrue(!log.contains("library chatter"), "libraries stay at INFO");
        assertTrue(Files.readString(dir.resolve("LOG/svc_t.log")).contains("WARNING svc"), "the take-over is logged as WARNING");
    }
}
