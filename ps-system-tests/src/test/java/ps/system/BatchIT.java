package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Batch jobs on the real Payara Micro, one server for all scenarios (each start costs ~20 s): script jobs
 * from descriptors in a config directory the test writes, a schedule, neelix's mail through GreenMail,
 * the client jar's --run mode, and PS killed during a run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static MailBox mail;
    static PsServer server;
    static Path configDir;
    static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        mail = new MailBox();
        dataDir = PsServer.dataDir("batch");
        configDir = dataDir.resolve("config");
        Path jobs = configDir.resolve("jobs");
        Files.createDirectories(jobs);
        write(jobs, "hello.yaml", "parameters:\n  who: world\n");
        write(jobs, "hello.sh", "echo hello {{who}}\necho second line\necho \"to stderr\" >&2\nexit 0\n");
        write(jobs, "fails.yaml", "cron: '0 0 3 1 1 *'\nzone: Europe/Berlin\nmail_to: [jobs@test.example]\n");
        write(jobs, "fails.sh", "echo failing now\nexit {{code}}\n");
        write(jobs, "sleeper.yaml", "timeout: 3s\nparameters:\n  pidfile: /dev/null\n");
        write(jobs, "sleeper.sh", "sleep 300 &\necho $! > {{pidfile}}\necho started child $!\nwait\n");
        write(jobs, "slow.yaml", "overlap: skip\n");
        write(jobs, "slow.sh", "echo slow start\nsleep {{seconds}}\necho slow end\n");
        write(jobs, "ticker.yaml", "cron: '*/4 * * * * *'\nzone: UTC\ncatch_up: true\n");
        write(jobs, "chatty.yaml", "timeout: 5m\n");
        write(jobs, "chatty.sh", "seq 1 {{lines}} | sed 's/^/output line number /'\n");
        write(jobs, "quick.yaml", "retries: 1\nretry_delay: 1s\nmin_duration: 2s\n");
        write(jobs, "quick.sh", "echo done already\n");
        write(jobs, "queued.yaml", "overlap: queue\n");
        write(jobs, "queued.sh", "sleep 2\necho queued run {{n}}\n");
        write(jobs, "ticker.sh", "echo tick\n");
        write(jobs, "importer.yaml", "job: import\nparameters:\n  chunk: 10\n");
        server = PsServer.create(dataDir, Map.of(
                "PS_SMTP_HOST", "127.0.0.1",
                "PS_SMTP_PORT", Integer.toString(mail.port),
                "PS_SMTP_TLS", "none",
                "PS_CONFIG_DIR", configDir.toString()));
        server.launch();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (mail != null) {
            mail.close();
        }
    }

    /** Writes a file whole (a temporary file moved into place): PS re-reads descriptors every 2 s, never half of one. */
    static void write(Path dir, String name, String text) throws IOException {
        Path temporary = dir.resolve("." + name + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static HttpResponse<String> post(String path, String body, boolean admin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (admin) {
            request.header("Authorization", PsServer.basic("admin", PsServer.ADMIN_PASSWORD));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    static long startRun(String job, String parameters) throws Exception {
        HttpResponse<String> started = post("/api/jobs/" + job + "/runs", parameters, true);
        assertEquals(201, started.statusCode(), () -> "start " + job + ": " + started.body());
        return json(started.body()).getJsonNumber("id").longValue();
    }

    static JsonObject awaitEnd(String job, long id, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        JsonObject run = null;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = server.get("/api/jobs/" + job + "/runs/" + id);
            assertEquals(200, response.statusCode(), response::body);
            run = json(response.body());
            if (!run.getBoolean("running")) {
                return run;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("run " + id + " of " + job + " did not end: " + run);
    }

    static List<JsonObject> output(String job, long id) throws Exception {
        HttpResponse<String> response = server.get("/api/jobs/" + job + "/runs/" + id + "/output");
        assertEquals(200, response.statusCode(), response::body);
        List<JsonObject> lines = new ArrayList<>();
        for (JsonValue value : json(response.body()).getJsonArray("records")) {
            lines.add(value.asJsonObject());
        }
        return lines;
    }

    @Test
    @Order(1)
    void scriptLinesBecomeRecordsAndExitZeroCompletes() throws Exception {
        long id = startRun("hello", "{\"who\": \"PS; rm -rf /tmp/nothing\"}");
        JsonObject run = awaitEnd("hello", id, 30_000);
        assertEquals("COMPLETED", run.getString("status"), run::toString);
        assertEquals("EXIT 0", run.getString("exitStatus"));
        assertEquals(0, run.getInt("exitCode"));
        List<JsonObject> lines = output("hello", id);
        List<String> messages = lines.stream().map(line -> line.getString("message")).toList();
        assertTrue(messages.contains("hello PS; rm -rf /tmp/nothing"), () -> "parameter rendered shell-quoted: " + messages);
        assertTrue(messages.contains("second line"), messages::toString);
        JsonObject stderr = lines.stream().filter(line -> line.getString("message").equals("to stderr")).findFirst().orElseThrow();
        assertEquals("WARNING", stderr.getString("level"));
        // stdout and stderr are separate pipes read concurrently: only each stream's own order is kept
        JsonObject hello = lines.stream().filter(line -> line.getString("message").startsWith("hello ")).findFirst().orElseThrow();
        assertEquals("INFO", hello.getString("level"));
        assertTrue(messages.indexOf("hello PS; rm -rf /tmp/nothing") < messages.indexOf("second line"), messages::toString);
        // the newest lines, oldest first, as the Jobs page follows a run
        JsonArray newest = json(server.get("/api/jobs/hello/runs/" + id + "/output?limit=2&tail=true").body()).getJsonArray("records");
        assertEquals(messages.subList(messages.size() - 2, messages.size()),
                newest.stream().map(line -> line.asJsonObject().getString("message")).toList());
        // the same records through the log API: system = job, user_spec_2 = run id
        JsonObject logs = server.logs("system_id=hello&user_spec_2=" + id + "&limit=100");
        assertTrue(logs.toString().contains("second line"), logs::toString);
    }

    @Test
    @Order(2)
    void changesNeedTheAdminRole() throws Exception {
        HttpResponse<String> anonymous = post("/api/jobs/hello/runs", "{}", false);
        assertTrue(anonymous.statusCode() == 401 || anonymous.statusCode() == 403, () -> "anonymous start refused: " + anonymous.statusCode());
        HttpResponse<String> viewer = post("/api/users", "{\"name\": \"watcher\", \"role\": \"viewer\", \"password\": \"watcher-password\"}", true);
        assertEquals(201, viewer.statusCode(), viewer::body);
        HttpResponse<String> asViewer = HTTP.send(HttpRequest.newBuilder(server.uri("/api/jobs/hello/runs"))
                .header("Authorization", PsServer.basic("watcher", "watcher-password"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, asViewer.statusCode(), asViewer::body);
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(server.uri("/api/jobs"))
                .header("Authorization", PsServer.basic("watcher", "watcher-password")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "viewers read");
        HttpResponse<String> unknown = post("/api/jobs/nope/runs", "{}", true);
        assertEquals(404, unknown.statusCode(), unknown::body);
        HttpResponse<String> bad = post("/api/jobs/hello/runs", "[1,2", true);
        assertEquals(400, bad.statusCode(), bad::body);
    }

    @Test
    @Order(3)
    void exitThreeFailsTheRunAndMailsOnce() throws Exception {
        long id = startRun("fails", "{\"code\": \"3\"}");
        JsonObject run = awaitEnd("fails", id, 30_000);
        assertEquals("FAILED", run.getString("status"), run::toString);
        assertEquals(3, run.getInt("exitCode"), run::toString);
        JsonObject monitor = json(server.get("/api/neelix/monitors/fails").body());
        assertTrue(monitor.toString().contains("jobs@test.example"), () -> "the scheduled job is a neelix monitor: " + monitor);
        MailBox.Mail down = mail.await(MailBox.to("jobs@test.example"), 1, 15_000);
        assertTrue(down.subject().contains("fails"), down::subject);
        Thread.sleep(3000);
        assertEquals(1, mail.mails(MailBox.to("jobs@test.example")).size(), () -> "one mail: " + mail.mails());
        // the next good run recovers
        long good = startRun("fails", "{\"code\": \"0\"}");
        assertEquals("COMPLETED", awaitEnd("fails", good, 30_000).getString("status"));
        MailBox.Mail up = mail.await(MailBox.to("jobs@test.example"), 2, 15_000);
        assertNotEquals(down.subject(), up.subject());
    }

    @Test
    @Order(4)
    void timeoutKillsTheSleepingChild() throws Exception {
        Path pidFile = dataDir.resolve("sleeper.pid");
        long id = startRun("sleeper", "{\"pidfile\": \"" + pidFile + "\"}");
        JsonObject run = awaitEnd("sleeper", id, 30_000);
        assertEquals("FAILED", run.getString("status"), run::toString);
        assertTrue(run.getString("exitStatus").startsWith("TIMEOUT"), run::toString);
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        long deadline = System.currentTimeMillis() + 5000;
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "sleep " + pid + " killed");
        assertTrue(run.getInt("durationMillis") < 15_000, run::toString);
    }

    @Test
    @Order(5)
    void overlapGuardSkipsASecondStart() throws Exception {
        long first = startRun("slow", "{\"seconds\": \"4\"}");
        HttpResponse<String> second = post("/api/jobs/slow/runs", "{\"seconds\": \"1\"}", true);
        assertEquals(409, second.statusCode(), second::body);
        assertEquals("skipped", json(second.body()).getString("outcome"));
        assertEquals("COMPLETED", awaitEnd("slow", first, 30_000).getString("status"));
        long third = startRun("slow", "{\"seconds\": \"0\"}");
        assertEquals("COMPLETED", awaitEnd("slow", third, 30_000).getString("status"));
        // stop: the script's tree is killed, the run ends STOPPED
        long stopped = startRun("slow", "{\"seconds\": \"60\"}");
        Thread.sleep(1000);
        HttpResponse<String> stop = post("/api/jobs/slow/runs/" + stopped + "/stop", "", true);
        assertEquals(202, stop.statusCode(), stop::body);
        JsonObject run = awaitEnd("slow", stopped, 20_000);
        assertEquals("STOPPED", run.getString("status"), run::toString);
        assertTrue(run.getInt("durationMillis") < 15_000, run::toString);
    }

    @Test
    @Order(5)
    void tooFastFailsAndIsRetriedAndQueueWaits() throws Exception {
        long first = startRun("quick", "{}");
        JsonObject failed = awaitEnd("quick", first, 30_000);
        assertTrue(failed.getString("exitStatus").startsWith("TOO_FAST"), failed::toString);
        long deadline = System.currentTimeMillis() + 20_000;
        JsonObject retry = null;
        while (System.currentTimeMillis() < deadline) {
            JsonObject newest = json(server.get("/api/jobs/quick/runs").body()).getJsonArray("runs").getJsonObject(0);
            if (newest.getString("trigger").equals("retry") && !newest.getBoolean("running")) {
                retry = newest;
                break;
            }
            Thread.sleep(250);
        }
        assertTrue(retry != null, "a retry ran");
        assertEquals(2, retry.getInt("attempt"));
        Thread.sleep(2500);
        assertEquals(2, json(server.get("/api/jobs/quick/runs").body()).getJsonArray("runs").size(), "one retry only (retries: 1)");

        long running = startRun("queued", "{\"n\": \"1\"}");
        HttpResponse<String> waiting = post("/api/jobs/queued/runs", "{\"n\": \"2\"}", true);
        assertEquals(202, waiting.statusCode(), waiting::body);
        awaitEnd("queued", running, 30_000);
        deadline = System.currentTimeMillis() + 20_000;
        JsonObject second = null;
        while (System.currentTimeMillis() < deadline) {
            JsonObject newest = json(server.get("/api/jobs/queued/runs").body()).getJsonArray("runs").getJsonObject(0);
            if (newest.getJsonNumber("id").longValue() != running && !newest.getBoolean("running")) {
                second = newest;
                break;
            }
            Thread.sleep(250);
        }
        assertTrue(second != null, "the queued run ran after the first");
        assertEquals("COMPLETED", second.getString("status"));
        assertTrue(output("queued", second.getJsonNumber("id").longValue()).stream()
                .anyMatch(line -> line.getString("message").equals("queued run 2")));
    }

    @Test
    @Order(6)
    void scheduleFiresOnTime() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        List<JsonObject> scheduled = new ArrayList<>();
        while (System.currentTimeMillis() < deadline && scheduled.size() < 2) {
            scheduled.clear();
            for (JsonValue value : json(server.get("/api/jobs/ticker/runs").body()).getJsonArray("runs")) {
                if (value.asJsonObject().getString("trigger").equals("schedule")) {
                    scheduled.add(value.asJsonObject());
                }
            }
            Thread.sleep(500);
        }
        assertTrue(scheduled.size() >= 2, () -> "two scheduled runs: " + scheduled);
        // newest first; the oldest may have fired while the application was still starting
        for (JsonObject run : scheduled.subList(0, scheduled.size() - 1)) {
            OffsetDateTime start = OffsetDateTime.parse(run.getString("start"));
            int second = start.getSecond();
            long late = (second % 4) * 1000L + start.getNano() / 1_000_000;
            System.out.println("batch schedule: run " + run.getInt("id") + " started " + late + " ms after its fire time");
            assertTrue(late < 1000, () -> "started within 1 s of a */4 fire: " + run);
        }
        JsonObject jobs = json(server.get("/api/jobs").body());
        assertTrue(jobs.toString().contains("\"nextRun\""), jobs::toString);
        // a descriptor dropped into the config directory is picked up without a restart
        write(configDir.resolve("jobs"), "dropped.yaml", "job: retention\nparameters:\n  days: 3650\n");
        long until = System.currentTimeMillis() + 15_000;
        while (!server.get("/api/jobs").body().contains("\"dropped\"") && System.currentTimeMillis() < until) {
            Thread.sleep(250);
        }
        assertTrue(server.get("/api/jobs").body().contains("\"dropped\""), "dropped.yaml loaded");
        long retention = startRun("dropped", "{}");
        JsonObject done = awaitEnd("dropped", retention, 30_000);
        assertEquals("COMPLETED", done.getString("status"), done::toString);
        assertEquals("DELETED 0", done.getString("exitStatus"), done::toString);
    }

    @Test
    @Order(7)
    void clientJarRunsAJobAndExitsWithItsOutcome() throws Exception {
        assertEquals(0, client("--run", "hello", "--param", "who=cli", "--wait"));
        assertTrue(lastOutput.contains("hello cli"), lastOutput);
        assertEquals(1, client("--run", "fails", "--param", "code=4", "--wait", "--quiet"));
        HttpResponse<String> token = post("/api/users/admin/tokens", "{\"label\": \"cron\"}", true);
        assertEquals(201, token.statusCode(), token::body);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", PsServer.RUNTIME.resolve("ps-client.jar").toAbsolutePath().toString(), "--run", "hello", "--wait",
                "--url", "http://localhost:" + server.httpPort, "--token", json(token.body()).getString("token")));
        Process withToken = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(withToken.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(withToken.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, withToken.exitValue(), output);
        assertEquals(2, client("--run"));
    }

    @Test
    @Order(7)
    void consoleJobsPageListsJobsWithScheduleAndStartButtons() throws Exception {
        HttpResponse<String> page = server.get("/jobs.xhtml");
        assertEquals(200, page.statusCode(), page::body);
        String html = page.body();
        for (String expected : List.of("hello", "ticker", "*/4 * * * * * UTC", "on demand", "Start", "Next run")) {
            assertTrue(html.contains(expected), () -> "jobs page shows " + expected + ": " + html);
        }
    }

    static String lastOutput = "";

    static int client(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", PsServer.RUNTIME.resolve("ps-client.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--url", "http://localhost:" + server.httpPort, "--password", PsServer.ADMIN_PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        lastOutput = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return process.exitValue();
    }


    /** A figure, not an assertion: output lines per second through PS against the same script writing to a pipe. */
    @Test
    @Order(8)
    void outputLineThroughput() throws Exception {
        int lines = 100_000;
        Path script = dataDir.resolve("baseline.sh");
        Files.writeString(script, "seq 1 " + lines + " | sed 's/^/output line number /'\n");
        long begun = System.nanoTime();
        Process baseline = new ProcessBuilder("bash", script.toString()).start();
        long counted = new String(baseline.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().count();
        baseline.waitFor();
        double baselineMillis = (System.nanoTime() - begun) / 1e6;
        assertEquals(lines, counted);
        long id = startRun("chatty", "{\"lines\": \"" + lines + "\"}");
        JsonObject run = awaitEnd("chatty", id, 300_000);
        assertEquals("COMPLETED", run.getString("status"), run::toString);
        long stored = server.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'chatty' AND funcname = 'stdout' AND user_spec_2 = '" + id + "'");
        assertEquals(lines, stored, "every line a record");
        long millis = run.getJsonNumber("durationMillis").longValue();
        System.out.printf("batch throughput: %d lines stored in %d ms (%.0f lines/s) vs. %.0f ms for the bare script (ratio %.1f)%n",
                lines, millis, lines * 1000.0 / millis, baselineMillis, millis / baselineMillis);
    }
    @Test
    @Order(9)
    void importResumesFromItsCheckpointAndImportsEveryRowOnce() throws Exception {
        Path source = dataDir.resolve("herald.sqlite");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + source)) {
            connection.createStatement().execute("CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT, "
                    + "levelname TEXT, levelno INTEGER, name TEXT, module TEXT, funcname TEXT, lineno INTEGER, pathname TEXT, "
                    + "filename TEXT, message TEXT, exc_text TEXT, stack_info TEXT, thread TEXT, threadname TEXT, process TEXT, "
                    + "processname TEXT, relativecreated TEXT, msecs TEXT, package_version TEXT, api_version TEXT, "
                    + "produkt_id TEXT, system_id TEXT, sub_system_id TEXT, sub_sub_system_id TEXT, user_spec_1 TEXT, "
                    + "user_spec_2 TEXT, summary TEXT)");
            try (java.sql.PreparedStatement insert = connection.prepareStatement("INSERT INTO log (created, levelname, levelno, "
                    + "name, module, funcname, lineno, message, package_version, system_id, sub_system_id, user_spec_1) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 1; i <= 95; i++) {
                    boolean bad = i == 17 || i == 55;
                    insert.setString(1, bad && i == 17 ? "not a time" : "2024-03-0" + (1 + i % 9) + " 12:00:" + String.format("%02d", i % 60) + ".123");
                    insert.setString(2, bad && i == 55 ? "NOPE" : "INFO");
                    if (bad && i == 55) {
                        insert.setNull(3, java.sql.Types.INTEGER);
                    } else {
                        insert.setInt(3, 20);
                    }
                    insert.setString(4, "legacy.logger");
                    insert.setString(5, "legacy");
                    insert.setString(6, "main");
                    insert.setInt(7, i);
                    insert.setString(8, "legacy row " + i);
                    insert.setString(9, "1.4.2");
                    insert.setString(10, "legacy-app");
                    insert.setString(11, "old-host");
                    insert.setString(12, "None");
                    insert.executeUpdate();
                }
            }
        }
        long first = startRun("importer", "{\"source\": \"" + source + "\", \"fail_at\": \"63\"}");
        JsonObject failed = awaitEnd("importer", first, 60_000);
        assertEquals("FAILED", failed.getString("status"), failed::toString);
        assertEquals(60, failed.getJsonObject("progress").getInt("read_count"), failed::toString);
        assertEquals(58, failed.getJsonObject("progress").getInt("write_count"), failed::toString);
        assertEquals(2, failed.getJsonObject("progress").getInt("process_skip_count"), failed::toString);
        HttpResponse<String> restarted = post("/api/jobs/importer/runs/" + first + "/restart", "{\"fail_at\": \"\"}", true);
        assertEquals(201, restarted.statusCode(), restarted::body);
        long second = json(restarted.body()).getJsonNumber("id").longValue();
        JsonObject done = awaitEnd("importer", second, 60_000);
        assertEquals("COMPLETED", done.getString("status"), done::toString);
        assertEquals(35, done.getJsonObject("progress").getInt("read_count"), () -> "resumed after row 60: " + done);
        String client = "import:" + source.toAbsolutePath().normalize();
        assertEquals(93, server.countInDatabase("SELECT count(*) FROM log WHERE client_id = '" + client.replace("'", "''") + "'"));
        assertEquals(93, server.countInDatabase("SELECT count(DISTINCT seq) FROM log WHERE client_id = '" + client.replace("'", "''") + "'"));
        System.out.println("batch import: first run " + failed.getJsonObject("progress") + ", restart " + done.getJsonObject("progress"));
    }

    @Test
    @Order(10)
    void runCutOffByAKillIsAbandonedAndCanBeRestarted() throws Exception {
        long hello = json(server.get("/api/jobs/hello/runs").body()).getJsonArray("runs").getJsonObject(0).getJsonNumber("id").longValue();
        long importRun = json(server.get("/api/jobs/importer/runs").body()).getJsonArray("runs").getJsonObject(0).getJsonNumber("id").longValue();
        long id = startRun("slow", "{\"seconds\": \"20\"}");
        Thread.sleep(1500);
        server.kill();
        server.launch();
        JsonObject run = json(server.get("/api/jobs/slow/runs/" + id).body());
        assertEquals("ABANDONED", run.getString("status"), run::toString);
        assertFalse(run.getBoolean("running"), run::toString);
        // history survived: PS's own (SQLite) and the job repository's (H2 under the data dir)
        assertEquals(200, server.get("/api/jobs/hello/runs/" + hello).statusCode());
        // the ticker's fires while PS was down: reported, and started once (catch_up)
        assertTrue(server.logs("system_id=ticker&limit=200").toString().contains("MISSED RUN"));
        // the catch-up starts a second after start-up; when a scheduled tick is running just then, the
        // overlap guard skips it (that run does the work) and says so
        long until = System.currentTimeMillis() + 15_000;
        boolean caughtUp = false;
        while (!caughtUp && System.currentTimeMillis() < until) {
            caughtUp = json(server.get("/api/jobs/ticker/runs?limit=100").body()).getJsonArray("runs").stream()
                    .anyMatch(value -> value.asJsonObject().getString("trigger").equals("catch-up"))
                    || server.logs("system_id=ticker&limit=200").toString().contains("SKIPPED: a catch-up run");
            Thread.sleep(250);
        }
        assertTrue(caughtUp, "a catch-up run, or its start skipped for the running tick");
        JsonObject imported = json(server.get("/api/jobs/importer/runs/" + importRun).body());
        assertTrue(imported.containsKey("progress"), () -> "step metrics from the job repository after restart: " + imported);
        HttpResponse<String> restarted = post("/api/jobs/slow/runs/" + id + "/restart", "{\"seconds\": \"0\"}", true);
        assertEquals(201, restarted.statusCode(), restarted::body);
        long again = json(restarted.body()).getJsonNumber("id").longValue();
        JsonObject done = awaitEnd("slow", again, 30_000);
        assertEquals("COMPLETED", done.getString("status"), done::toString);
        assertEquals(id, done.getJsonNumber("restartOf").longValue());
    }
}
