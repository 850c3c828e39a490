package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.sun.net.httpserver.HttpServer;

import ps.client.PsHandler;
import ps.client.Stage;

/**
 * Neelix against a real PS on Payara Micro and a real SMTP server (GreenMail): rules mail within 2 s of the
 * record, throttling folds a burst, heartbeats go LATE, DOWN and back UP with one mail each, a broken rule
 * file keeps the old rules, the original's INI file fires, unauthorised pings are refused, and a deadline
 * missed while PS was stopped is noticed at start. Latencies are printed as "neelix latency".
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NeelixIT {
    static final String BACKUP_TOKEN = "backup-token-0123456789";
    static final long BACKUP_PERIOD = 3_000;
    static final long BACKUP_GRACE = 2_000;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static MailBox mail;
    static HttpServer hooks;
    static final List<String> hookBodies = new CopyOnWriteArrayList<>();
    static Path configDir;
    static String yaml;
    static PsServer server;
    static final List<String> latencies = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        mail = new MailBox();
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", exchange -> {
            hookBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
        Path dataDir = PsServer.dataDir("neelix");
        configDir = dataDir.resolve("config");
        Files.createDirectories(configDir);
        yaml = String.join("\n",
                "defaults:",
                "  mail_to: admin@test.example",
                "rules:",
                "  - id: orders-errors",
                "    system: orders",
                "    level: ERROR",
                "    message: 'payment .* failed'",
                "    mail_to: [dev@test.example, lead@test.example]",
                "    throttle: 0s",
                "  - id: burst",
                "    system: burst",
                "    level: ERROR",
                "    throttle: 4s",
                "    mail_to: burst@test.example",
                "    webhook: http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook",
                "  - id: canary",
                "    system: canary",
                "    throttle: 0s",
                "    mail_to: canary@test.example",
                "services:",
                "  - id: backup",
                "    period: " + BACKUP_PERIOD + "ms",
                "    grace: " + BACKUP_GRACE + "ms",
                "    reminder: 1h",
                "    token: " + BACKUP_TOKEN,
                "    mail_to: ops@test.example",
                "  - id: quiet-job",
                "    period: 1h",
                "");
        Files.writeString(configDir.resolve("neelix-testing.yaml"), yaml);
        Files.writeString(configDir.resolve("ps_neelix_t.cfg"), String.join("\n",
                "; the original's file, as it was",
                "[legacy]",
                "MAIL_TO = legacy@test.example, legacy2@test.example",
                "MSG = DISK FULL",
                ""));
        server = PsServer.create(dataDir, Map.of(
                "PS_SMTP_HOST", "127.0.0.1",
                "PS_SMTP_PORT", Integer.toString(mail.port),
                "PS_SMTP_TLS", "none",
                "PS_MAIL_FROM", "ps-neelix@test.example",
                "PS_NEELIX_MAIL_RETRY_DELAY", "2s",
                "PS_CONFIG_DIR", configDir.toString()));
        server.launch();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (mail != null) {
                mail.close();
            }
            if (hooks != null) {
                hooks.stop(0);
            }
            System.out.println("neelix latency summary:");
            latencies.forEach(line -> System.out.println("  " + line));
        }
    }

    static void latency(String what, long millis) {
        String line = what + ": " + millis + " ms";
        latencies.add(line);
        System.out.println("neelix latency: " + line);
    }

    /** Sends records through the real client and waits until the bridge acknowledged them. */
    static void log(String system, Level level, String... messages) throws InterruptedException {
        PsHandler handler = new PsHandler(new PsHandler.Settings().host("localhost").port(server.nativePort)
                .stage(Stage.TESTING).system(system));
        Logger logger = Logger.getLogger("ps.system.neelix." + system);
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try {
            for (String message : messages) {
                logger.log(level, message);
            }
            assertTrue(handler.flush(Duration.ofSeconds(20)), "records acknowledged");
        } finally {
            logger.removeHandler(handler);
            handler.close();
        }
    }

    @Test
    @Order(1)
    void aMatchingErrorGivesExactlyOneMailWithin2s() throws Exception {
        log("orders", Level.WARNING, "payment 1 failed"); // below the rule's level
        log("shipping", Level.SEVERE, "payment 2 failed"); // another system
        long sent = System.currentTimeMillis();
        log("orders", Level.SEVERE, "payment <b>4711</b> failed & <script>alert(1)</script>");
        MailBox.Mail received = mail.await(MailBox.to("dev@test.example"), 1, 10_000);
        long latency = received.seenAt - sent;
        latency("rule match, record sent -> mail received", latency);

        assertEquals("[PS TESTING] PATTERN FOUND in orders: orders-errors", received.subject());
        assertEquals(List.of("dev@test.example", "lead@test.example"), received.to());
        assertEquals("ps-neelix@test.example", received.message.getFrom()[0].toString());
        assertTrue(received.text().contains("Message:   payment <b>4711</b> failed & <script>alert(1)</script>"), received.text());
        assertTrue(received.text().contains("Level:     ERROR"), received.text());
        assertTrue(received.html().contains("payment &lt;b&gt;4711&lt;/b&gt; failed &amp; &lt;script&gt;"), received.html());
        assertFalse(received.html().contains("<script>"), "record fields are inert in the HTML part");
        assertTrue(latency <= 2_000, "mail within 2 s of the record, took " + latency + " ms");

        Thread.sleep(1_500);
        assertEquals(1, mail.mails(m -> m.subject().contains("orders-errors")).size(), () -> "exactly one: " + mail.mails());

        JsonArray reactions = await(() -> server.logs("system_id=neelix&text=orders-errors").getJsonArray("records"),
                records -> !records.isEmpty(), 5_000);
        JsonObject reaction = reactions.getJsonObject(0);
        assertEquals("WARNING", reaction.getString("levelname"));
        assertTrue(reaction.getString("message").startsWith("PATTERN FOUND: rule orders-errors matched 1 record(s) of system orders"),
                reaction.getString("message"));
        assertTrue(reaction.getString("message").contains("mail to dev@test.example, lead@test.example"), reaction.getString("message"));
        assertTrue(reaction.getString("message").endsWith("(mail sent)"), reaction.getString("message"));

        JsonObject rule = rule("orders-errors");
        assertEquals(1, rule.getInt("matches"));
        assertEquals(1, rule.getInt("mails_sent"));
        assertNotNull(rule.getString("last_match"));
    }

    @Test
    @Order(2)
    void throttlingFoldsABurstIntoOneMailWithTheCount() throws Exception {
        long sent = System.currentTimeMillis();
        log("burst", Level.SEVERE, "disk error 0");
        MailBox.Mail first = mail.await(MailBox.to("burst@test.example"), 1, 10_000);
        latency("throttled rule, first record sent -> mail received", first.seenAt - sent);
        assertTrue(first.seenAt - sent <= 2_000, "first mail within 2 s");
        assertEquals("[PS TESTING] PATTERN FOUND in burst: burst", first.subject());

        String[] burst = new String[9];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = "disk error " + (i + 1);
        }
        log("burst", Level.SEVERE, burst);
        MailBox.Mail digest = mail.await(MailBox.to("burst@test.example"), 2, 10_000);
        latency("throttle digest after the first mail (throttle 4 s)", digest.seenAt - first.seenAt);
        assertEquals("[PS TESTING] 9 more matches in burst: burst", digest.subject());
        assertTrue(digest.text().contains("matched 9 more record(s) of system burst"), digest.text());
        assertTrue(digest.text().contains("disk error 9"), "the latest of them: " + digest.text());
        assertTrue(digest.seenAt - first.seenAt <= 4_000 + 2_000, "digest when the throttle interval ends");

        Thread.sleep(5_000);
        assertEquals(2, mail.mails(MailBox.to("burst@test.example")).size(), () -> "one mail and one digest: " + mail.mails());
        assertEquals(2, hookBodies.size(), () -> "webhook per mail: " + hookBodies);
        JsonObject hook = Json.createReader(new StringReader(hookBodies.get(1))).readObject();
        assertEquals("DIGEST", hook.getString("kind"));
        assertEquals("burst", hook.getString("rule"));
        assertEquals(9, hook.getJsonObject("fields").getInt("suppressed"));
        assertEquals(10, rule("burst").getInt("matches"));
    }

    @Test
    @Order(3)
    void aSilentServiceGoesLateThenDownWithOneMailThenRecoversWithOne() throws Exception {
        HttpResponse<String> ping = ping("/ping/backup?token=" + BACKUP_TOKEN, "POST", "backup ok", Map.of());
        assertEquals(200, ping.statusCode(), ping.body());
        JsonObject up = monitor("backup");
        assertEquals("UP", up.getString("state"));
        assertEquals("backup ok", up.getString("last_ping_body"));
        // the deadline runs from when PS took the ping, not from when its answer reached the test
        long pinged = up.getJsonNumber("last_ping_ms").longValue();

        JsonObject late = await(() -> monitor("backup"), m -> !m.getString("state").equals("UP"), BACKUP_PERIOD + 3_000);
        long lateAt = System.currentTimeMillis();
        assertEquals("LATE", late.getString("state"), "LATE first, within the grace");
        assertTrue(lateAt - pinged >= BACKUP_PERIOD - 100, "not before the period ended");

        MailBox.Mail down = mail.await(MailBox.to("ops@test.example"), 1, BACKUP_PERIOD + BACKUP_GRACE + 10_000);
        long deadline = pinged + BACKUP_PERIOD;
        latency("heartbeat DOWN mail after deadline (grace " + BACKUP_GRACE + " ms)", down.seenAt - deadline);
        assertEquals("[PS TESTING] SYSTEM HEARTBEAT FAILURE: backup", down.subject());
        assertTrue(down.text().contains("Service backup is DOWN"), down.text());
        assertTrue(down.seenAt - deadline >= BACKUP_GRACE - 100, "not before the grace ended");
        assertTrue(down.seenAt - deadline <= BACKUP_GRACE + 2_000, "mail ≤ grace + 2 s after the deadline, took "
                + (down.seenAt - deadline) + " ms");
        assertEquals("DOWN", monitor("backup").getString("state"));

        Thread.sleep(3_000);
        assertEquals(1, mail.mails(MailBox.to("ops@test.example")).size(), () -> "one DOWN mail: " + mail.mails());

        long recoveredAt = System.currentTimeMillis();
        assertEquals(200, ping("/ping/backup/start", "GET", null, Map.of("X-PS-Token", BACKUP_TOKEN)).statusCode());
        MailBox.Mail recovered = mail.await(MailBox.to("ops@test.example"), 2, 10_000);
        latency("first sign of life (a /start ping) -> recovery mail", recovered.seenAt - recoveredAt);
        Thread.sleep(300);
        assertEquals(200, ping("/ping/backup/0?token=" + BACKUP_TOKEN, "GET", null, Map.of()).statusCode());
        assertTrue(recovered.subject().startsWith("[PS TESTING] RECOVERED: backup is UP again after "), recovered.subject());
        assertTrue(recovered.text().contains("The outage lasted"), recovered.text());
        JsonObject again = monitor("backup");
        assertEquals("UP", again.getString("state"));
        assertTrue(again.getJsonNumber("last_run_ms").longValue() >= 250, again.toString());
        assertTrue(again.containsKey("next_deadline"), again.toString());

        Thread.sleep(1_000);
        assertEquals(2, mail.mails(MailBox.to("ops@test.example")).size(), () -> "one recovery mail: " + mail.mails());
        JsonArray reactions = server.logs("system_id=neelix&text=backup").getJsonArray("records");
        assertTrue(reactions.stream().anyMatch(r -> r.asJsonObject().getString("message")
                .startsWith("SYSTEM HEARTBEAT FAILURE: service backup is DOWN")), reactions::toString);
        // keep it alive for the following tests' checks of what refused pings change
        ping("/ping/backup?token=" + BACKUP_TOKEN, "GET", null, Map.of());
    }

    @Test
    @Order(4)
    void anUnauthorisedPingIsRefusedAndChangesNothing() throws Exception {
        JsonObject before = monitor("backup");
        for (HttpResponse<String> refused : List.of(
                ping("/ping/backup", "GET", null, Map.of()),
                ping("/ping/backup/fail?token=wrong-token-0123456789", "POST", "x", Map.of()),
                ping("/ping/backup/fail", "POST", "x", Map.of("X-PS-Token", "wrong")),
                ping("/ping/newcomer?token=" + BACKUP_TOKEN, "GET", null, Map.of()))) {
            assertEquals(401, refused.statusCode(), refused.body());
        }
        assertEquals(413, ping("/ping/backup?token=" + BACKUP_TOKEN, "POST", "x".repeat(10 * 1024 + 1), Map.of()).statusCode());
        assertEquals(400, ping("/ping/backup/reboot?token=" + BACKUP_TOKEN, "GET", null, Map.of()).statusCode());
        JsonObject after = monitor("backup");
        assertEquals(before.getJsonNumber("last_ping_ms"), after.getJsonNumber("last_ping_ms"), "refused pings change nothing");
        assertEquals("UP", after.getString("state"));
        assertFalse(server.get("/api/neelix/monitors").body().contains("newcomer"));
        // the test reads as admin (PsServer sends admin credentials): admins see tokens, anonymous callers nothing
        assertTrue(after.containsKey("token"), "admins see tokens");
        assertEquals(401, server.getAnonymously("/api/neelix/monitors").statusCode());

        HttpResponse<String> pause = HTTP.send(HttpRequest.newBuilder(server.uri("/api/neelix/monitors/backup/pause"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(pause.statusCode() == 401 || pause.statusCode() == 403, "anonymous pause refused: " + pause.statusCode());
        assertEquals("UP", monitor("backup").getString("state"));
        assertEquals(200, ping("/ping/backup?token=" + BACKUP_TOKEN, "POST", "x".repeat(10 * 1024), Map.of()).statusCode(),
                "10 KB exactly is accepted");
    }

    @Test
    @Order(5)
    void theConsolePagesListMonitorsAndRules() throws Exception {
        // the first render of a page can take seconds on a loaded machine, longer than backup's 3 s period
        // since the last ping: render it once, then ping, then look at the state it shows
        assertEquals(200, server.get("/neelix/heartbeats.xhtml").statusCode());
        assertEquals(200, ping("/ping/backup?token=" + BACKUP_TOKEN, "GET", null, Map.of()).statusCode());
        HttpResponse<String> heartbeats = server.get("/neelix/heartbeats.xhtml");
        assertEquals(200, heartbeats.statusCode());
        assertTrue(heartbeats.body().contains(">backup<"), heartbeats.body());
        assertTrue(heartbeats.body().contains(">UP<"), heartbeats.body());
        assertTrue(heartbeats.body().contains(">quiet-job<") && heartbeats.body().contains(">NEW<"), heartbeats.body());
        assertFalse(heartbeats.body().contains("1970-"), "no times made up for a service never heard from");
        assertFalse(monitor("quiet-job").containsKey("next_deadline"), "NEW has no deadline yet");
        HttpResponse<String> rules = server.get("/neelix/rules.xhtml");
        assertEquals(200, rules.statusCode());
        assertTrue(rules.body().contains(">orders-errors<"), rules.body());
        assertTrue(rules.body().contains("neelix-testing.yaml:4"), rules.body());
        assertTrue(rules.body().contains("message ~ /payment .* failed/"), rules.body());
    }

    @Test
    @Order(6)
    void theOriginalsIniFileFires() throws Exception {
        long sent = System.currentTimeMillis();
        log("legacy", Level.INFO, "/var is DISK FULL (98 %)");
        MailBox.Mail received = mail.await(MailBox.to("legacy@test.example"), 1, 10_000);
        latency("INI MSG rule, record sent -> mail received", received.seenAt - sent);
        assertEquals("[PS TESTING] PATTERN FOUND in legacy: ini:legacy", received.subject());
        assertEquals(List.of("legacy@test.example", "legacy2@test.example"), received.to());
        assertTrue(received.text().contains("/var is DISK FULL (98 %)"), received.text());
        assertTrue(received.seenAt - sent <= 2_000, "within 2 s");
    }

    @Test
    @Order(7)
    void aBrokenRuleFileKeepsTheOldRulesAndSaysWhere() throws Exception {
        Path file = configDir.resolve("neelix-testing.yaml");
        try {
            writeWhole(file, yaml.replace("    system: canary\n", "    system: canary\n    colour: red\n"));
            String expected = file + ":18: unknown key 'colour'";
            await(() -> server.log(), log -> log.contains(expected), 10_000);
            // PS logs the line first, then stores the record and publishes the messages: wait for those too
            JsonObject rules = await(() -> Json.createReader(new StringReader(server.get("/api/neelix/rules").body())).readObject(),
                    r -> r.getJsonArray("messages").toString().contains("neelix-testing.yaml:18: unknown key"), 10_000);
            assertNotNull(rules);
            assertEquals(3, rules.getJsonArray("rules").stream()
                    .filter(r -> !r.asJsonObject().getString("id").startsWith("ini:")).count(), "old rules in force");
            await(() -> server.logs("system_id=neelix&text=colour").getJsonArray("records"), records -> !records.isEmpty(), 10_000);
            Thread.sleep(2_500); // a second report would come with the next clock tick (every 2 s)
            JsonArray recorded = server.logs("system_id=neelix&text=colour").getJsonArray("records");
            assertEquals(1, recorded.size(), "reported once, as a neelix record too");

            long sent = System.currentTimeMillis();
            log("canary", Level.INFO, "still watched");
            MailBox.Mail received = mail.await(MailBox.to("canary@test.example"), 1, 10_000);
            latency("rule after a broken reload, record sent -> mail received", received.seenAt - sent);
            assertTrue(received.seenAt - sent <= 2_000);
        } finally {
            writeWhole(file, yaml);
        }
    }

    @Test
    @Order(8)
    void aDeadlineMissedWhilePsWasStoppedIsNoticedAtStart() throws Exception {
        await(() -> server.log(), log -> log.contains("read: 3 rules"), 10_000);
        assertEquals(200, ping("/ping/backup?token=" + BACKUP_TOKEN, "GET", null, Map.of()).statusCode());
        // backup was silent during the tests before: a DOWN mail (and, after the ping, a recovery mail) may
        // still be on its way now. Only a DOWN mail PS sent after it was started again counts.
        assertTrue(server.stop(), "stopped cleanly");
        Thread.sleep(BACKUP_PERIOD + BACKUP_GRACE + 500);
        long relaunched = System.currentTimeMillis() / 1000 * 1000; // the Date header has whole seconds
        java.util.function.Predicate<MailBox.Mail> downMail = MailBox.to("ops@test.example")
                .and(m -> m.subject().contains("SYSTEM HEARTBEAT FAILURE"))
                .and(m -> m.sentAt() >= relaunched);
        server.launch();
        long ready = System.currentTimeMillis();
        MailBox.Mail down = mail.await(downMail, 1, 10_000);
        latency("DOWN missed during downtime: PS ready -> mail seen (0: it was there first)", down.seenAt - ready);
        assertEquals("[PS TESTING] SYSTEM HEARTBEAT FAILURE: backup", down.subject());
        assertEquals("DOWN", monitor("backup").getString("state"));
        JsonObject rule = rule("burst");
        assertEquals(10, rule.getInt("matches"), "rule statistics survive the restart");
        assertEquals(2, rule.getInt("mails_sent"));
    }

    @Test
    @Order(9)
    void aMailTheSmtpServerDidNotTakeIsTriedAgain() throws Exception {
        int before = mail.mails(MailBox.to("canary@test.example")).size();
        mail.stopServer();
        try {
            log("canary", Level.WARNING, "sent while the mail server was down");
            await(() -> server.logs("system_id=neelix&text=canary&limit=100").getJsonArray("records"),
                    records -> records.stream().anyMatch(r -> r.asJsonObject().getString("message")
                            .contains("(mail FAILED: ") && r.asJsonObject().getString("message").endsWith("attempt 2 of 5 in 2s)")),
                    10_000);
        } finally {
            mail.startServer();
        }
        MailBox.Mail retried = mail.await(MailBox.to("canary@test.example"), before + 1, 40_000);
        assertTrue(retried.text().contains("sent while the mail server was down"), retried.text());
        await(() -> server.logs("system_id=neelix&text=canary&limit=100").getJsonArray("records"),
                records -> records.stream().anyMatch(r -> r.asJsonObject().getString("message").contains("(mail sent on attempt ")),
                10_000);
        Thread.sleep(1_000);
        assertEquals(before + 1, mail.mails(MailBox.to("canary@test.example")).size(), () -> "one mail: " + mail.mails());
    }

    // ---- helpers ----

    /** Writes a config file whole (a temporary file moved into place): PS re-reads it every 2 s, never half of it. */
    static void writeWhole(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static HttpResponse<String> ping(String path, String method, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject monitor(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = server.get("/api/neelix/monitors/" + id);
        assertEquals(200, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    static JsonObject rule(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = server.get("/api/neelix/rules");
        assertEquals(200, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject().getJsonArray("rules").stream()
                .map(r -> r.asJsonObject()).filter(r -> r.getString("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + id + ": " + response.body()));
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    static <T> T await(Probe<T> probe, java.util.function.Predicate<T> done, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        T value = probe.get();
        while (!done.test(value)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not reached within " + timeoutMillis + " ms; last: "
                        + (value instanceof String && ((String) value).length() > 3000
                        ? ((String) value).substring(((String) value).length() - 3000) : value));
            }
            Thread.sleep(50);
            value = probe.get();
        }
        return value;
    }
}
