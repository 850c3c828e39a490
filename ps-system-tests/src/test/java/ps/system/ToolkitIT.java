package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ps.basic toolkit as a converted cron script uses it: examples/nightly-transfer run through its
 * run script (a real JVM per run) against a real PS.
 */
class ToolkitIT {
    static final Path EXAMPLE = Path.of(System.getProperty("ps.example.dir", "../examples/nightly-transfer")).toAbsolutePath();
    static PsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PsServer.create(PsServer.dataDir("toolkit"), Map.of());
        server.launchOnly();
        // PsServer.launch waits 3 min; a machine shared by several builds has needed more
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (true) {
            assertTrue(server.isAlive(), "PS exited during start; see " + server.logFile());
            try {
                var ready = server.getAnonymously("/health/ready");
                if (ready.statusCode() == 200 && ready.body().contains("\"name\":\"ps\"")) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            assertTrue(System.nanoTime() < deadline, "PS not ready within 8 min; see " + server.logFile());
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    record Run(int exit, String output) {
    }

    /** A working dir with in/ holding files, and a config dir with the example's templates and this config. */
    static Path workDir(String name, String suffix, String transferSection, String globalExtra) throws IOException {
        Path dir = Files.createDirectories(PsServer.dataDir("toolkit-" + name));
        Path config = Files.createDirectories(dir.resolve("etc"));
        copyTree(EXAMPLE.resolve("config/nightly-transfer.templates"), config.resolve("nightly-transfer.templates"));
        Files.writeString(config.resolve("nightly-transfer" + suffix + ".cfg"), "[GLOBAL]\npattern_language = EN\nlog_level = DEBUG\n"
                + globalExtra + "\n[transfer]\nmail_to = ops@example.org\n" + transferSection + "\n");
        Files.createDirectories(dir.resolve("in"));
        return dir;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    static ProcessBuilder builder(Path dir, String stage, Map<String, String> extra) {
        ProcessBuilder builder = new ProcessBuilder(EXAMPLE.resolve("run").toString()).directory(dir.toFile());
        builder.environment().remove("PS_STAGE");
        builder.environment().put("DEV_STAGE", stage);
        builder.environment().put("PS_HOST", "localhost");
        builder.environment().put("PS_NATIVE_PORT", Integer.toString(server.nativePort));
        builder.environment().put("BASIC_CONFIGFILE_DIR", dir.resolve("etc").toString());
        builder.environment().putAll(extra);
        builder.redirectErrorStream(true);
        builder.redirectOutput(dir.resolve("run-" + System.nanoTime() + ".out").toFile());
        return builder;
    }

    static Run run(Path dir, String stage, Map<String, String> extra) throws Exception {
        ProcessBuilder builder = builder(dir, stage, extra);
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the run ends");
        return new Run(process.exitValue(), Files.readString(builder.redirectOutput().file().toPath()));
    }

    /** Polls the logs API until a record of the query matches. */
    static JsonObject awaitRecord(String query, Predicate<JsonObject> match) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonArray records = null;
        while (System.nanoTime() < deadline) {
            records = server.logs(query + "&limit=500").getJsonArray("records"); // the API's largest page
            for (int i = 0; i < records.size(); i++) {
                if (match.test(records.getJsonObject(i))) {
                    return records.getJsonObject(i);
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no record of " + query + " matched; got " + records);
    }

    /** Polls GET /api/machines until the machine is listed in the state. */
    static JsonObject awaitMachine(String system, String name, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String body = null;
        while (System.nanoTime() < deadline) {
            var response = server.get("/api/machines");
            assertEquals(200, response.statusCode(), response.body());
            body = response.body();
            JsonArray machines = jakarta.json.Json.createReader(new java.io.StringReader(body)).readObject().getJsonArray("machines");
            for (int i = 0; i < machines.size(); i++) {
                JsonObject machine = machines.getJsonObject(i);
                if (system.equals(machine.getString("system")) && name.equals(machine.getString("name"))
                        && state.equals(machine.getString("state", null))) {
                    return machine;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("machine " + system + "/" + name + " not in state " + state + ": " + body);
    }

    static Predicate<JsonObject> message(String fragment) {
        return record -> record.getString("message", "").contains(fragment);
    }

    @Test
    void theExamplesRecordsWithItsMachineStepsComeBackAndAShellValueRunsNothing() throws Exception {
        String marker = "/tmp/x-" + System.nanoTime();
        Path dir = workDir("records", "_t", "", "");
        // a target whose path is "$(touch /tmp/x-…)" and a source file named "$(touch pwned).txt": both
        // reach cp as values; a shell would run them
        Path target = dir.resolve("out").resolve("$(touch " + marker + ")");
        Files.createDirectories(target);
        Files.writeString(dir.resolve("in/a.txt"), "alpha");
        Files.writeString(dir.resolve("in/$(touch pwned).txt"), "beta");
        Files.writeString(dir.resolve("etc/nightly-transfer_t.cfg"), Files.readString(dir.resolve("etc/nightly-transfer_t.cfg"))
                + "source = " + dir.resolve("in") + "\ntarget = " + target + "\n");

        Run run = run(dir, "TESTING", Map.of());
        assertEquals(0, run.exit(), run.output());
        assertFalse(Files.exists(Path.of(marker)), "a value ran as a command");
        assertFalse(Files.exists(dir.resolve("pwned")), "a file name ran as a command");
        assertEquals("beta", Files.readString(target.resolve("$(touch pwned).txt")));
        String svg = Files.readString(dir.resolve("nightly-transfer.svg"));
        for (String state : List.of("check", "list", "copy", "verify", "report", "done", "failed")) {
            assertTrue(svg.contains(state), "the picture shows " + state);
        }

        JsonObject step = awaitRecord("system_id=nightly-transfer", message("machine nightly-transfer: report --done--> done"));
        assertEquals("ps.fsm.nightly-transfer", step.getString("name"));
        assertEquals("TESTING", step.getString("stage"));
        awaitRecord("system_id=nightly-transfer", message("machine nightly-transfer: check --ok--> list"));
        JsonObject shell = awaitRecord("system_id=nightly-transfer", message("SUCCESS"));
        assertEquals("DEBUG", shell.getString("levelname"));
        assertFalse(shell.getString("sub_system_id", "").isEmpty(), "sub-system is the host");
        assertTrue(Files.readString(dir.resolve("LOG/nightly-transfer_t.log")).contains("report --done--> done"),
                "the local log has the records too");

        JsonObject machine = awaitMachine("nightly-transfer", "nightly-transfer", "done");
        assertEquals(7, machine.getJsonArray("states").size(), machine::toString);
        assertEquals("final", machine.getString("ended"), machine::toString);
        var picture = server.get("/api/machines/nightly-transfer/nightly-transfer.svg");
        assertEquals(200, picture.statusCode());
        assertTrue(picture.body().contains("verify") && picture.body().contains("<svg"));
    }

    @Test
    void aSecondRunIsRefusedByTheLockAndAKilledRunsLockIsTakenOver() throws Exception {
        Path dir = workDir("lock", "_t", "hold_seconds = 120", "");
        Files.writeString(dir.resolve("in/a.txt"), "alpha");
        Files.writeString(dir.resolve("etc/nightly-transfer_t.cfg"), Files.readString(dir.resolve("etc/nightly-transfer_t.cfg"))
                + "source = " + dir.resolve("in") + "\ntarget = " + dir.resolve("out") + "\n");
        Process first = builder(dir, "TESTING", Map.of()).start();
        try {
            Path lock = dir.resolve("nightly-transfer_lock_t");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(lock) && Files.readString(lock).strip().equals(Long.toString(first.pid())))) {
                assertTrue(System.nanoTime() < deadline && first.isAlive(), "the first run takes the lock");
                Thread.sleep(100);
            }
            Run second = run(dir, "TESTING", Map.of());
            assertEquals(75, second.exit(), second.output());
            assertTrue(second.output().contains("another instance is running: PID " + first.pid()), second.output());
            awaitRecord("system_id=nightly-transfer&level=ERROR", message("PID " + first.pid() + " holds the lock"));

            first.destroyForcibly().waitFor(); // kill -9: no chance to release the lock
            Files.writeString(dir.resolve("etc/nightly-transfer_t.cfg"),
                    Files.readString(dir.resolve("etc/nightly-transfer_t.cfg")).replace("hold_seconds = 120", "hold_seconds = 0"));
            Run third = run(dir, "TESTING", Map.of());
            assertEquals(0, third.exit(), third.output());
            JsonObject warning = awaitRecord("system_id=nightly-transfer", message("taking over the stale lock"));
            assertEquals("WARNING", warning.getString("levelname"));
            assertTrue(warning.getString("message").contains("PID " + first.pid()), warning.getString("message"));
        } finally {
            first.destroyForcibly();
        }
    }

    @Test
    void theLocalLogRotatesAtItsSizeKeepsTheConfiguredBackupsAndDeletesOldFiles() throws Exception {
        Path dir = workDir("rotation", "_t", "", "log_max_bytes = 1500\nlog_backups = 3\nlog_max_age_days = 5\n");
        for (int i = 0; i < 30; i++) {
            Files.writeString(dir.resolve("in/file-" + i + ".txt"), "content " + i);
        }
        Files.writeString(dir.resolve("etc/nightly-transfer_t.cfg"), Files.readString(dir.resolve("etc/nightly-transfer_t.cfg"))
                + "source = " + dir.resolve("in") + "\ntarget = " + dir.resolve("out") + "\n");
        Path logDir = Files.createDirectories(dir.resolve("LOG"));
        Path old = Files.writeString(logDir.resolve("nightly-transfer_t.log.2"), "OLD-MARKER\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
        Files.writeString(logDir.resolve("nightly-transfer_t.log.9"), "BEYOND-COUNT\n");

        Run run = run(dir, "TESTING", Map.of());
        assertEquals(0, run.exit(), run.output());
        Path current = logDir.resolve("nightly-transfer_t.log");
        for (String name : List.of("nightly-transfer_t.log", "nightly-transfer_t.log.1", "nightly-transfer_t.log.2", "nightly-transfer_t.log.3")) {
            Path file = logDir.resolve(name);
            assertTrue(Files.exists(file), name);
            assertTrue(Files.size(file) <= 1500, name + " is " + Files.size(file) + " bytes");
            String text = Files.readString(file);
            assertFalse(text.contains("OLD-MARKER") || text.contains("BEYOND-COUNT"), name + " is an old file");
        }
        assertFalse(Files.exists(logDir.resolve("nightly-transfer_t.log.4")), "3 backups only");
        assertFalse(Files.exists(logDir.resolve("nightly-transfer_t.log.9")), "beyond the count: deleted");
        assertTrue(Files.readString(current).contains("nightly-transfer ends"), "the newest line is in the current file");
    }

    @Test
    void aFailedRunsMailIsRecordedInTestingAndReachesTheSmtpServerWithItsAttachmentOtherwise() throws Exception {
        Path testing = workDir("mail-testing", "_t", "source = /no/such/source\ntarget = out", "");
        Run recorded = run(testing, "TESTING", Map.of());
        assertEquals(1, recorded.exit(), recorded.output());
        List<Path> emls;
        try (Stream<Path> files = Files.list(testing.resolve("LOG/mail"))) {
            emls = files.filter(f -> f.toString().endsWith(".eml")).toList();
        }
        assertEquals(1, emls.size());
        jakarta.mail.internet.MimeMessage eml;
        try (java.io.InputStream in = Files.newInputStream(emls.get(0))) {
            eml = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()), in);
        }
        assertEquals("ops@example.org", eml.getAllRecipients()[0].toString());
        assertEquals("nightly-transfer (TESTING): the nightly transfer failed in state failed", eml.getSubject());
        awaitRecord("system_id=nightly-transfer&level=ERROR", message("source directory /no/such/source is missing"));

        try (MailBox mailBox = new MailBox()) {
            Path development = workDir("mail-smtp", "_d", "source = /no/such/source\ntarget = out", "");
            Map<String, String> smtp = new HashMap<>(Map.of("PS_SMTP_HOST", "127.0.0.1",
                    "PS_SMTP_PORT", Integer.toString(mailBox.port), "PS_SMTP_TLS", "none", "PS_MAIL_FROM", "nightly@example.org"));
            Run sent = run(development, "DEVELOPMENT", smtp);
            assertEquals(1, sent.exit(), sent.output());
            MailBox.Mail mail = mailBox.await(MailBox.to("ops@example.org"), 1, 30_000);
            assertNotNull(mail, "the mail reached the SMTP server");
            assertTrue(mail.subject().contains("(DEVELOPMENT): the nightly transfer failed in state failed"), mail.subject());
            Multipart mixed = (Multipart) mail.message.getContent();
            BodyPart attachment = mixed.getBodyPart(1);
            assertEquals(Part.ATTACHMENT, attachment.getDisposition());
            assertEquals("nightly-transfer_d.log", attachment.getFileName());
            assertTrue(new String(attachment.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .contains("machine nightly-transfer: check --missing--> failed"), "the local log up to the error state");
            assertFalse(Files.exists(development.resolve("LOG/mail")), "sent, not recorded");
        }
    }

    @Test
    void theServerReadsTheOriginalsDevStageWhenPsStageIsUnset() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(PsServer.RUNTIME.resolve("ps-run").toAbsolutePath().toString())
                .redirectErrorStream(true);
        builder.environment().remove("PS_STAGE");
        builder.environment().put("DEV_STAGE", "STAGING");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("DEV_STAGE='STAGING' is not a stage"), output);
    }
}
