package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ps.client.LogField;
import ps.client.PsHandler;
import ps.client.Stage;

/** A record travels client → TCP → resource adapter → MDB → SQLite → REST and console, every field intact. */
class RecordPathIT {
    static PsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PsServer.start(PsServer.dataDir("record-path"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void handlerRecordsComeBackWithEveryField() throws Exception {
        PsHandler handler = new PsHandler(new PsHandler.Settings()
                .host("localhost").port(server.nativePort).stage(Stage.TESTING).spool("none")
                .system("orders")
                .identity(LogField.SUB_SYSTEM_ID, "host-7")
                .identity(LogField.SUB_SUB_SYSTEM_ID, "worker-2")
                .identity(LogField.PRODUKT_ID, "shop")
                .identity(LogField.USER_SPEC_1, "tenant-a")
                .identity(LogField.USER_SPEC_2, "eu-west")
                .identity(LogField.PACKAGE_VERSION, "2.5.0"));
        Logger logger = Logger.getLogger("ps.system.orders");
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try {
            LogRecord[] published = new LogRecord[1];
            logger.addHandler(new java.util.logging.Handler() {
                @Override
                public void publish(LogRecord record) {
                    published[0] = record;
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
            logger.log(Level.SEVERE, "order {0} failed: Grüße ✓", new Object[] {"4711"}); int line = lineOfThisCall();
            long createdMillis = published[0].getMillis();
            logger.log(Level.WARNING, "payment declined", new IllegalStateException("card expired"));
            assertTrue(handler.flush(Duration.ofSeconds(20)), "records acknowledged by the bridge");

            JsonArray records = server.logs("system_id=orders&order=asc").getJsonArray("records");
            assertEquals(2, records.size(), records::toString);
            JsonObject first = records.getJsonObject(0);
            assertEquals("order 4711 failed: Grüße ✓", first.getString("message"));
            assertEquals("ERROR", first.getString("levelname"));
            assertEquals(40, first.getInt("levelno"));
            assertEquals("ps.system.orders", first.getString("name"));
            assertEquals(RecordPathIT.class.getName(), first.getString("module"));
            assertEquals("handlerRecordsComeBackWithEveryField", first.getString("funcname"));
            assertEquals(line, first.getInt("lineno"));
            assertEquals("RecordPathIT.java", first.getString("filename"));
            assertEquals(createdMillis, first.getJsonNumber("created_ms").longValue());
            assertTrue(first.getJsonNumber("received_ms").longValue() >= createdMillis);
            assertEquals("orders", first.getString("system_id"));
            assertEquals("host-7", first.getString("sub_system_id"));
            assertEquals("worker-2", first.getString("sub_sub_system_id"));
            assertEquals("shop", first.getString("produkt_id"));
            assertEquals("tenant-a", first.getString("user_spec_1"));
            assertEquals("eu-west", first.getString("user_spec_2"));
            assertEquals("2.5.0", first.getString("package_version"));
            assertEquals("TESTING", first.getString("stage"));
            assertEquals("native", first.getString("input"));
            assertEquals(Thread.currentThread().getName(), first.getString("threadname"));
            assertEquals(Long.toString(ProcessHandle.current().pid()), first.getString("process"));
            assertEquals(handler.sender().clientId(), first.getString("client_id"));

            JsonObject second = records.getJsonObject(1);
            assertEquals("WARNING", second.getString("levelname"));
            assertTrue(second.getString("exc_text").startsWith("java.lang.IllegalStateException: card expired"));
            assertTrue(second.getString("exc_text").contains("at ps.system.RecordPathIT.handlerRecordsComeBackWithEveryField"));

            JsonArray errors = server.logs("system_id=orders&level=ERROR").getJsonArray("records");
            assertEquals(1, errors.size());
            JsonArray found = server.logs("text=declined").getJsonArray("records");
            assertEquals(1, found.size());
            assertEquals("payment declined", found.getJsonObject(0).getString("message"));
        } finally {
            logger.removeHandler(handler);
            handler.close();
        }
    }

    private static int lineOfThisCall() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst().orElseThrow().getLineNumber());
    }

    @Test
    void commandLineRecordShowsInApiAndConsole() throws Exception {
        Process cli = cli("--host", "localhost", "--port", Integer.toString(server.nativePort),
                "--system", "nightly-backup", "--level", "WARNING", "--version", "0.9",
                "backup <b>took</b> 2 h & <script>alert(1)</script>");
        assertEquals(0, cli.waitFor(), () -> output(cli));

        JsonObject record = server.logs("system_id=nightly-backup").getJsonArray("records").getJsonObject(0);
        assertEquals("backup <b>took</b> 2 h & <script>alert(1)</script>", record.getString("message"));
        assertEquals("WARNING", record.getString("levelname"));
        assertEquals("0.9", record.getString("package_version"));
        assertEquals("shell", record.getString("name"));

        HttpResponse<String> page = server.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("backup &lt;b&gt;took&lt;/b&gt; 2 h &amp; &lt;script&gt;alert(1)&lt;/script&gt;"),
                "the console lists the record, escaped");
        assertFalse(page.body().contains("<script>alert(1)</script>"), "the message is never markup");
        assertTrue(page.body().contains("TESTING"), "the console shows the stage");
    }

    @Test
    void commandLineExitsNonZeroWhenNotDelivered() throws Exception {
        Process cli = cli("--port", Integer.toString(PsServer.freePort()), "--timeout", "2",
                "--system", "x", "nobody listens");
        assertEquals(1, cli.waitFor());
        assertTrue(output(cli).contains("not delivered"), () -> output(cli));

        Process usage = cli("--level", "LOUD", "--system", "x", "message");
        assertEquals(2, usage.waitFor());
        assertTrue(output(usage).contains("unknown level 'LOUD'"), () -> output(usage));
    }

    @Test
    void badQueryParameterGetsAClearError() throws Exception {
        HttpResponse<String> response = server.get("/api/logs?level=LOUD");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("unknown level 'LOUD'"), response.body());
    }

    static Process cli(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("java", "-jar",
                PsServer.RUNTIME.resolve("ps-client.jar").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static String output(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
