package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * ps.ear, unchanged, on a real Payara Server 6 domain (one for the class): the record path from the client
 * command line, a real Python SocketHandler, GELF and syslog (util-linux logger), a neelix rule's mail in
 * GreenMail, a batch job over REST, the console login in Chromium, then undeploy (no listener, no PS thread
 * left) and redeploy (no "address already in use") and the record path again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Browser.Screenshots.class)
class EarIT {
    static MailBox mail;
    static EarDeployment ps;

    @BeforeAll
    static void deploy() throws Exception {
        mail = new MailBox();
        Path configDir = PsServer.dataDir("ear-config");
        Files.writeString(configDir.resolve("neelix-testing.yaml"), String.join("\n",
                "rules:",
                "  - id: ear-orders",
                "    system: ear-orders",
                "    level: ERROR",
                "    throttle: 0s",
                "    mail_to: dev@test.example",
                ""));
        Path jobs = Files.createDirectories(configDir.resolve("jobs"));
        Files.writeString(jobs.resolve("hello.yaml"), "parameters:\n  who: world\n");
        Files.writeString(jobs.resolve("hello.sh"), "echo hello {{who}}\n");
        ps = EarDeployment.start("ear", Map.of(
                "PS_SMTP_HOST", "127.0.0.1",
                "PS_SMTP_PORT", Integer.toString(mail.port),
                "PS_SMTP_TLS", "none",
                "PS_MAIL_FROM", "ps-neelix@test.example",
                "PS_CONFIG_DIR", configDir.toString()));
        Duration took = ps.deploy();
        System.out.println("EarIT: asadmin deploy ps.ear took " + took.toMillis() + " ms");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (ps != null) {
                ps.close();
            }
        } finally {
            mail.close();
        }
    }

    @Test
    @Order(1)
    void readinessNamesEveryInputAndTheDataDirIsUnderTheDomain() throws Exception {
        HttpResponse<String> ready = ps.getAnonymously("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"native\":\"0.0.0.0:" + ps.nativePort() + "\""), ready.body());
        assertTrue(ready.body().contains("\"syslog\":\"0.0.0.0:" + ps.syslogPort() + "\""), ready.body());
        assertTrue(ready.body().contains("\"name\":\"ps-web-deployed\",\"status\":\"UP\""), ready.body());
        assertTrue(Files.isRegularFile(ps.dataDir().resolve("ps.sqlite")), "store under the domain: " + ps.dataDir());
        assertEquals(401, ps.getAnonymously("/api/logs").statusCode(), "REST requires a login");
    }

    @Test
    @Order(2)
    void commandLineRecordComesBackWithEveryField() throws Exception {
        assertCommandLineRecordStored("ear-cli", "stored through the EAR");
    }

    @Test
    @Order(3)
    void pythonSocketHandlerRecordsAreStored() throws Exception {
        IngestBenchmark.python("ps_basic_client.py", "localhost", Integer.toString(ps.picklePort()), "ear-python", "0");
        JsonArray records = awaitRecords("system_id=ear-python&order=asc", 2);
        JsonObject info = records.getJsonObject(0);
        assertEquals("Grüße from Python 3.x ✓", info.getString("message"));
        assertEquals("billing.worker", info.getString("name"));
        assertEquals("1.2.3", info.getString("package_version"));
        assertEquals("pickle", info.getString("input"));
        assertTrue(records.getJsonObject(1).getString("exc_text").contains("ZeroDivisionError"), records.toString());
    }

    @Test
    @Order(4)
    void gelfAndSyslogRecordsAreStored() throws Exception {
        try (Socket socket = new Socket("localhost", ps.gelfPort()); OutputStream out = socket.getOutputStream()) {
            out.write(("{\"version\":\"1.1\",\"host\":\"gelf-host\",\"short_message\":\"gelf through the EAR\","
                    + "\"level\":3,\"_system_id\":\"ear-gelf\",\"_package_version\":\"7.1\"}\0").getBytes(StandardCharsets.UTF_8));
        }
        JsonObject gelf = awaitRecords("system_id=ear-gelf", 1).getJsonObject(0);
        assertEquals("gelf through the EAR", gelf.getString("message"));
        assertEquals("ERROR", gelf.getString("levelname"));
        assertEquals("gelf-host", gelf.getString("sub_system_id"));
        assertEquals("7.1", gelf.getString("package_version"));
        assertEquals("gelf", gelf.getString("input"));

        Process logger = new ProcessBuilder("logger", "--tcp", "--rfc5424", "--octet-count", "-n", "127.0.0.1",
                "-P", Integer.toString(ps.syslogPort()), "-t", "ear-syslog", "-p", "daemon.err", "syslog through the EAR")
                .redirectErrorStream(true).start();
        assertEquals(0, logger.waitFor(), RecordPathIT.output(logger));
        JsonObject syslog = awaitRecords("system_id=ear-syslog", 1).getJsonObject(0);
        assertEquals("syslog through the EAR", syslog.getString("message"));
        assertEquals("ERROR", syslog.getString("levelname"));
        assertEquals("syslog", syslog.getString("input"));
    }

    @Test
    @Order(5)
    void aMatchingRecordMailsTheRulesRecipient() throws Exception {
        Process cli = RecordPathIT.cli("--port", Integer.toString(ps.nativePort()), "--system", "ear-orders",
                "--level", "ERROR", "payment 4711 failed");
        assertEquals(0, cli.waitFor(), () -> RecordPathIT.output(cli));
        MailBox.Mail received = mail.await(MailBox.to("dev@test.example"), 1, 30_000);
        assertTrue(received.subject().endsWith("PATTERN FOUND in ear-orders: ear-orders"), received.subject());
    }

    @Test
    @Order(6)
    void aBatchJobRunsOverRest() throws Exception {
        HttpResponse<String> started = ps.send("POST", "/api/jobs/hello/runs", PsServer.admin(), "{\"who\": \"ear\"}");
        assertEquals(201, started.statusCode(), started.body());
        long id = json(started.body()).getJsonNumber("id").longValue();
        JsonObject run = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            run = json(ps.get("/api/jobs/hello/runs/" + id).body());
            if (!run.getBoolean("running")) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals("COMPLETED", run.getString("status"), run::toString);
        String output = ps.get("/api/jobs/hello/runs/" + id + "/output").body();
        assertTrue(output.contains("\"hello ear\""), output);
    }

    @Test
    @Order(7)
    void theConsoleLogsInInChromium() throws Exception {
        try (Browser browser = new Browser(ps)) {
            browser.login("admin", PsServer.ADMIN_PASSWORD);
            assertTrue(browser.driver.findElement(By.id("logout:user")).getText().contains("admin"), "logged in as admin");
            browser.open("/");
            assertTrue(browser.driver.getPageSource().contains("stored through the EAR"), "the console lists the record");
        }
    }

    @Test
    @Order(8)
    void undeployLeavesNothingRunningAndRedeployWorksAgain() throws Exception {
        assertTrue(ps.threadNames().stream().anyMatch(name -> name.startsWith("ps-")), "PS's threads while deployed");
        ps.undeploy();
        List<String> left = ps.threadNames().stream().filter(name -> name.startsWith("ps-")).toList();
        assertEquals(List.of(), left, "no PS thread after undeploy");
        for (int port : new int[] {ps.nativePort(), ps.picklePort(), ps.gelfPort(), ps.syslogPort()}) {
            assertFalse(listening(port), "no listener left on " + port);
        }
        assertFalse(ps.ready(), "not ready while undeployed");

        Duration took = ps.deploy();
        System.out.println("EarIT: redeploy took " + took.toMillis() + " ms");
        assertFalse(Files.readString(ps.serverLog()).contains("Address already in use"), "no port left bound");
        assertCommandLineRecordStored("ear-after-redeploy", "stored after the redeploy");
        assertEquals(1, ps.logs("system_id=ear-cli").getJsonArray("records").size(), "records kept over the redeploy");
    }

    private static void assertCommandLineRecordStored(String system, String message) throws Exception {
        long before = System.currentTimeMillis();
        Process cli = RecordPathIT.cli("--host", "localhost", "--port", Integer.toString(ps.nativePort()),
                "--system", system, "--level", "WARNING", "--version", "3.1", message);
        assertEquals(0, cli.waitFor(), () -> RecordPathIT.output(cli));
        JsonArray records = ps.logs("system_id=" + system).getJsonArray("records");
        assertEquals(1, records.size(), records::toString);
        JsonObject record = records.getJsonObject(0);
        assertEquals(message, record.getString("message"));
        assertEquals("WARNING", record.getString("levelname"));
        assertEquals(30, record.getInt("levelno"));
        assertEquals("shell", record.getString("name"));
        assertEquals(system, record.getString("system_id"));
        assertEquals("3.1", record.getString("package_version"));
        assertEquals("native", record.getString("input"));
        assertEquals("ps.client.Cli", record.getString("processname"));
        assertEquals(Long.toString(cli.pid()), record.getString("process"));
        assertEquals(1, record.getInt("seq"));
        assertFalse(record.getString("client_id").isBlank());
        assertFalse(record.getString("stage").isBlank());
        long created = record.getJsonNumber("created_ms").longValue();
        assertTrue(created >= before - 1000 && created <= record.getJsonNumber("received_ms").longValue(), record::toString);
        assertTrue(record.getString("peer").startsWith("/127.0.0.1:"), record::toString);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static JsonArray awaitRecords(String query, int expected) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonArray records;
        do {
            records = ps.logs(query).getJsonArray("records");
            if (records.size() >= expected) {
                return records;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("only " + records.size() + " of " + expected + " records for " + query);
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
