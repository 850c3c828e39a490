package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;

/**
 * Hostile use of alerts, jobs, retention and the files on disk, against a real PS and a real SMTP server
 * (GreenMail): job parameters that try to run commands, scripts looking for PS's secrets, viewers and
 * strangers pinging, records pretending to be a service, a glob rule under a thousand invented systems, a
 * resent record, records dated far from now, and the permissions of the data directory. Every case ends
 * with {@link Hostile#assertStillWell(String)}; where PS refuses something, the refusal is logged once.
 * The retention case runs first: it deletes everything received more than seconds ago, and no witness
 * record of the fixture may be among that.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileAlertsIT {
    static final String VAULT_TOKEN = "vault-token-0123456789abcdef";
    static final String PASSED = "passed-through-value";
    static final int RULE_MAILS = 5;
    static Hostile ps;
    static MailBox mail;
    static Path config;
    static Path marker;

    @BeforeAll
    static void start() throws Exception {
        mail = new MailBox();
        config = PsServer.dataDir("hostile-alerts-config");
        marker = config.resolve("marker-x");
        Path jobs = Files.createDirectories(config.resolve("jobs"));
        // docs/batch.md's own example line
        Files.writeString(jobs.resolve("backup.yaml"), "parameters:\n  target: /srv/backup\n");
        Files.writeString(jobs.resolve("backup.sh"), "echo \"backup to {{target}}\"\n");
        Files.writeString(jobs.resolve("secrets.yaml"), "env: [PS_PASSED_THROUGH]\n");
        Files.writeString(jobs.resolve("secrets.sh"), String.join("\n",
                "echo \"admin password: ${PS_ADMIN_PASSWORD:-absent}\"",
                "echo \"passed: ${PS_PASSED_THROUGH:-absent}\"",
                "env | cut -d= -f1 | grep -c '^PS_ADMIN' || true",
                ""));
        Files.writeString(jobs.resolve("purge.yaml"), "job: retention\n");
        Files.writeString(config.resolve("neelix-testing.yaml"), String.join("\n",
                "defaults:",
                "  mail_to: admin@alerts.example",
                "rules:",
                "  - id: invented",
                "    system: 'invented-*'",
                "    level: ERROR",
                "    mail_to: invented@alerts.example",
                "  - id: dup",
                "    system: dup-svc",
                "    throttle: 0s",
                "    mail_to: dup@alerts.example",
                "services:",
                "  - id: vault",
                "    period: 2s",
                "    grace: 2s",
                "    token: " + VAULT_TOKEN,
                "    records_prove_life: false",
                "    mail_to: vault@alerts.example",
                "  - id: gate",
                "    period: 1h",
                "    token: gate-token-0123456789abcdef",
                ""));
        ps = Hostile.start("alerts", Map.of(
                "PS_CONFIG_DIR", config.toString(),
                "PS_SMTP_HOST", "127.0.0.1",
                "PS_SMTP_PORT", Integer.toString(mail.port),
                "PS_SMTP_TLS", "none",
                "PS_NEELIX_RULE_MAILS", Integer.toString(RULE_MAILS),
                "PS_PASSED_THROUGH", PASSED));
        HttpResponse<String> viewer = ps.server.send("POST", "/api/users", PsServer.admin(),
                "{\"name\": \"watcher\", \"role\": \"viewer\", \"password\": \"watcher-password\"}");
        assertEquals(201, viewer.statusCode(), viewer::body);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (ps != null) {
                ps.close();
            }
        } finally {
            if (mail != null) {
                mail.close();
            }
        }
    }

    @BeforeEach
    void mark() throws Exception {
        ps.mark();
    }

    // ---- jobs

    @Test
    void aJobParameterRunsNoCommandAndArrivesLiterally() throws Exception {
        String hostile = "$(touch " + marker + ")";
        JsonObject run = runToEnd("backup", Json.createObjectBuilder().add("target", hostile).build().toString());
        assertEquals("COMPLETED", run.getString("status"), run::toString);
        assertFalse(Files.exists(marker), "the parameter ran a command");
        List<String> lines = output("backup", run.getJsonNumber("id").longValue());
        assertTrue(lines.contains("backup to " + hostile), lines::toString);
        ps.assertStillWell("job parameter $(touch …)");
    }

    @Test
    void aBadParameterNameIsRefusedWith400() throws Exception {
        HttpResponse<String> refused = ps.server.send("POST", "/api/jobs/backup/runs", PsServer.admin(),
                "{\"a;b\": \"x\"}");
        assertEquals(400, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("'a;b'"), refused::body);
        ps.assertStillWell("job parameter with a bad name");
    }

    @Test
    void scriptsDoNotSeeTheAdminPassword() throws Exception {
        JsonObject run = runToEnd("secrets", "{}");
        assertEquals("COMPLETED", run.getString("status"), run::toString);
        List<String> lines = output("secrets", run.getJsonNumber("id").longValue());
        assertEquals(List.of("admin password: absent", "passed: " + PASSED, "0"), lines);
        assertFalse(String.join("\n", lines).contains(PsServer.ADMIN_PASSWORD));
        ps.assertStillWell("script environment");
    }

    // ---- pings and monitors

    @Test
    void aViewersFailPingIsRefusedAndChangesNothing() throws Exception {
        assertEquals(200, ps.server.getAnonymously("/ping/gate?token=gate-token-0123456789abcdef").statusCode());
        String before = monitor("gate").getString("state");
        HttpResponse<String> refused = ps.server.send("POST", "/ping/gate/fail", PsServer.basic("watcher", "watcher-password"), null);
        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals(before, monitor("gate").getString("state"));
        assertEquals("UP", before);
        ps.assertLoggedOnce("a viewer's ping of 'gate' needs the service's token");
        ps.assertStillWell("viewer's fail ping");
    }

    @Test
    void aPingWithoutTokenCreatesNoMonitor() throws Exception {
        assertEquals(401, ps.server.getAnonymously("/ping/invented-service-1").statusCode());
        assertEquals(403, ps.server.send("GET", "/ping/invented-service-2", PsServer.basic("watcher", "watcher-password"), null)
                .statusCode());
        assertEquals(404, ps.server.get("/api/neelix/monitors/invented-service-1").statusCode());
        assertEquals(404, ps.server.get("/api/neelix/monitors/invented-service-2").statusCode());
        ps.assertLoggedOnce("not authorised ('invented-service-1')");
        ps.assertLoggedOnce("only an admin's ping makes an undeclared service appear ('invented-service-2')");
        ps.assertStillWell("pings that would create monitors");
    }

    @Test
    void aTokenRequiredMonitorGoesDownDespiteRecordsWithItsSystemId() throws Exception {
        assertEquals(200, ps.server.getAnonymously("/ping/vault?token=" + VAULT_TOKEN).statusCode());
        assertEquals("UP", monitor("vault").getString("state"));
        List<String> seen = new ArrayList<>();
        long until = System.currentTimeMillis() + 7_000;
        long seq = 0;
        while (System.currentTimeMillis() < until) {
            send("vault-impostor", List.of(record(++seq, System.currentTimeMillis(), "vault", Level.INFO, "vault is fine, honest")));
            String state = monitor("vault").getString("state");
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
            }
            Thread.sleep(300);
        }
        assertTrue(seen.contains("LATE"), seen::toString);
        assertEquals("DOWN", seen.get(seen.size() - 1), seen::toString);
        mail.await(MailBox.to("vault@alerts.example"), 1, 10_000);
        ps.assertStillWell("records pretending to be a token-required service");
    }

    // ---- rules

    @Test
    void aGlobRuleUnderAThousandInventedSystemsMailsAtMostItsCap() throws Exception {
        List<LogEntry> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            records.add(record(i + 1, System.currentTimeMillis(), "invented-" + i, Level.ERROR, "boom " + i));
        }
        send("inventor", records);
        mail.await(MailBox.to("invented@alerts.example"), RULE_MAILS, 15_000);
        Thread.sleep(4_000);
        assertEquals(RULE_MAILS, mail.mails(MailBox.to("invented@alerts.example")).size());
        JsonObject rule = rules().stream().filter(r -> r.getString("id").equals("invented")).findFirst().orElseThrow();
        assertTrue(rule.toString().contains("995"), () -> "the rest wait for one digest: " + rule);
        ps.assertStillWell("glob rule under 1,000 invented system ids");
    }

    @Test
    void aResentDuplicateFiresNoSecondMail() throws Exception {
        LogEntry entry = record(1, System.currentTimeMillis(), "dup-svc", Level.ERROR, "stored once, delivered twice");
        send("dup-client", List.of(entry));
        mail.await(MailBox.to("dup@alerts.example"), 1, 10_000);
        send("dup-client", List.of(entry)); // a resend after reconnect: same client, same sequence number
        Thread.sleep(4_000);
        assertEquals(1, mail.mails(MailBox.to("dup@alerts.example")).size());
        assertEquals(1, ps.server.countInDatabase("SELECT count(*) FROM log WHERE client_id = 'dup-client'"));
        ps.assertStillWell("resent duplicate");
    }

    // ---- retention and files

    @Test
    @Order(1)
    void retentionCountsFromArrivalNotFromTheSendersClock() throws Exception {
        // a first run (keeping everything) so that the measured one starts without JBatch's warm-up
        assertEquals("COMPLETED", runToEnd("purge", "{\"age\": \"0s\"}").getString("status"));
        long before = System.currentTimeMillis();
        send("clock-future", List.of(record(1, before + 50L * 365 * 86_400_000L, "clock", Level.INFO, "dated fifty years ahead")));
        Thread.sleep(10_000);
        send("clock-past", List.of(record(1, before - 20L * 365 * 86_400_000L, "clock", Level.INFO, "dated twenty years back")));
        // the cut-off falls 5 s after the first record arrived, 5 s before the second
        long age = System.currentTimeMillis() - before - 5_000;
        JsonObject run = runToEnd("purge", "{\"age\": \"" + age + "ms\"}");
        assertEquals("COMPLETED", run.getString("status"), run::toString);
        assertEquals(0, ps.server.countInDatabase("SELECT count(*) FROM log WHERE client_id = 'clock-future'"),
                "a record dated in the future expires by its arrival");
        assertEquals(1, ps.server.countInDatabase("SELECT count(*) FROM log WHERE client_id = 'clock-past'"),
                "an old-dated record that just arrived is kept");
        ps.assertStillWell("retention by received");
    }

    @Test
    void theDataDirectoryIsPrivate() throws Exception {
        Path data = ps.dataDir();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        for (String name : List.of("ps.sqlite", "ps.sqlite-wal", "ps.sqlite-shm")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))), name);
        }
        Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
        List<String> open = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data.resolve("payara"), 2)) {
            files.forEach(file -> {
                try {
                    if (Files.getPosixFilePermissions(file).stream().anyMatch(others::contains)) {
                        open.add(file + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            });
        }
        assertEquals(List.of(), open, "files PS wrote that others may read");
        ps.assertStillWell("file permissions");
    }

    // ---- helpers

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    static JsonObject runToEnd(String job, String parameters) throws Exception {
        HttpResponse<String> started = ps.server.send("POST", "/api/jobs/" + job + "/runs", PsServer.admin(), parameters);
        assertEquals(201, started.statusCode(), () -> "start " + job + ": " + started.body());
        long id = json(started.body()).getJsonNumber("id").longValue();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonObject run = json(ps.server.get("/api/jobs/" + job + "/runs/" + id).body());
            if (!run.getBoolean("running")) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + id + " of " + job + " did not end");
    }

    static List<String> output(String job, long id) throws Exception {
        HttpResponse<String> response = ps.server.get("/api/jobs/" + job + "/runs/" + id + "/output");
        assertEquals(200, response.statusCode(), response::body);
        List<String> lines = new ArrayList<>();
        for (JsonValue value : json(response.body()).getJsonArray("records")) {
            JsonObject line = value.asJsonObject();
            if ("stdout".equals(line.getString("stream", ""))) {
                lines.add(line.getString("message"));
            }
        }
        return lines;
    }

    static JsonObject monitor(String id) throws Exception {
        HttpResponse<String> response = ps.server.get("/api/neelix/monitors/" + id);
        assertEquals(200, response.statusCode(), response::body);
        return json(response.body());
    }

    static List<JsonObject> rules() throws Exception {
        List<JsonObject> rules = new ArrayList<>();
        json(ps.server.get("/api/neelix/rules").body()).getJsonArray("rules").forEach(rule -> rules.add(rule.asJsonObject()));
        return rules;
    }

    static LogEntry record(long seq, long created, String system, Level level, String message) {
        return new LogEntry().seq(seq).created(created).level(level)
                .set(LogField.SYSTEM_ID, system).set(LogField.MESSAGE, message);
    }

    /** Sends the records over a fresh native connection as client {@code clientId} and waits for the last ACK. */
    static void send(String clientId, List<LogEntry> records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream frames = new DataOutputStream(bytes);
        NativeProtocol.writeHello(frames, clientId);
        long last = 0;
        for (LogEntry entry : records) {
            NativeProtocol.writeRecord(frames, entry);
            last = Math.max(last, entry.seq());
        }
        frames.flush();
        try (Socket socket = new Socket("localhost", ps.server.nativePort)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(bytes.toByteArray());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                NativeProtocol.Frame frame = NativeProtocol.readFrame(in, 1 << 20);
                if (frame == null) {
                    fail("the bridge closed the connection without an ACK");
                }
                if (frame.type() == NativeProtocol.ERROR) {
                    fail("the bridge refused: " + NativeProtocol.readError(frame.body()));
                }
                if (frame.type() == NativeProtocol.ACK && NativeProtocol.readAck(frame.body()) >= last) {
                    return;
                }
            }
        }
    }
}
