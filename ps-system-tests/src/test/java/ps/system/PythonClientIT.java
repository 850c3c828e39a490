package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Python ps.basic clients log to PS unchanged, through the real CPython SocketHandler. */
class PythonClientIT {
    static PsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = PsServer.start(PsServer.dataDir("python"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void socketHandlerRecordsKeepEveryField() throws Exception {
        long before = System.currentTimeMillis();
        IngestBenchmark.python("ps_basic_client.py", "localhost", Integer.toString(server.picklePort), "py-billing", "0");
        JsonArray records = awaitRecords("system_id=py-billing&order=asc", 2);
        JsonObject info = records.getJsonObject(0);
        assertEquals("Grüße from Python 3.x ✓", info.getString("message"));
        assertEquals("INFO", info.getString("levelname"));
        assertEquals(20, info.getInt("levelno"));
        assertEquals("billing.worker", info.getString("name"));
        assertEquals("ps_basic_client", info.getString("module"));
        assertEquals("<module>", info.getString("funcname"));
        assertTrue(info.getString("pathname").endsWith("ps_basic_client.py"));
        assertEquals("1.2.3", info.getString("package_version"));
        assertEquals("py-host", info.getString("sub_system_id"));
        assertEquals("worker-1", info.getString("sub_sub_system_id"));
        assertEquals("shop", info.getString("produkt_id"));
        assertEquals("tenant-a", info.getString("user_spec_1"));
        assertEquals("None", info.getString("user_spec_2"));
        assertEquals("pickle", info.getString("input"));
        long created = info.getJsonNumber("created_ms").longValue();
        assertTrue(created >= before - 1000 && created <= info.getJsonNumber("received_ms").longValue() + 1000,
                "the client's time is kept, the receive time recorded separately");

        JsonObject error = records.getJsonObject(1);
        assertEquals("division failed for invoice 4711", error.getString("message"));
        assertEquals("ERROR", error.getString("levelname"));
        assertTrue(error.getString("exc_text").contains("ZeroDivisionError: division by zero"), error.toString());
    }

    @Test
    void aOneMebibyteMessageIsStoredIntactATwoMebibyteOneIsRefused() throws Exception {
        IngestBenchmark.python("ps_basic_client.py", "localhost", Integer.toString(server.picklePort), "py-big", "1048576");
        awaitRecords("system_id=py-big&level=INFO", 2);
        assertEquals(1, server.countInDatabase(
                "SELECT count(*) FROM log WHERE system_id = 'py-big' AND length(message) = 1048576 AND message NOT GLOB '*[^m]*'"),
                "the 1 MiB message is stored, every character intact");

        IngestBenchmark.python("ps_basic_client.py", "localhost", Integer.toString(server.picklePort), "py-huge", "2097152");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.log().contains("on pickle: frame of ") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(server.log().contains("exceeds the limit of 1114112"), "the refusal and its reason are logged");
        assertEquals(0, server.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'py-huge' AND levelno = 20"));

        IngestBenchmark.python("ps_basic_client.py", "localhost", Integer.toString(server.picklePort), "py-after", "0");
        awaitRecords("system_id=py-after", 2);
    }

    @TestFactory
    Stream<DynamicTest> picklesThatWouldRunCodeAreRefusedAndRunNothing() throws Exception {
        Path dir = server.dataDir.resolve("evil");
        Files.createDirectories(dir);
        Path marker = dir.resolve("pwned");
        IngestBenchmark.python("evil_pickles.py", marker.toString(), dir.toString());
        return IntStream.range(0, 6).mapToObj(protocol -> DynamicTest.dynamicTest("protocol " + protocol, () -> {
            byte[] frame = Files.readAllBytes(dir.resolve("evil_p" + protocol + ".frame"));
            BadInputIT.server = server;
            BadInputIT.refusedAlone("pickle", server.picklePort, frame, "refused pickle opcode");
            assertFalse(Files.exists(marker), "nothing was executed");
            IngestBenchmark.python("ps_basic_client.py", "localhost", Integer.toString(server.picklePort),
                    "py-after-evil-" + protocol, "0");
            awaitRecords("system_id=py-after-evil-" + protocol, 2);
        }));
    }

    @Test
    void utilLinuxLoggerRecordsAreStoredWithOctetCountingAndLineFraming() throws Exception {
        for (String framing : new String[] {"--octet-count", "--rfc5424"}) {
            Process logger = new ProcessBuilder("logger", "--tcp", "--rfc5424", framing, "-n", "127.0.0.1",
                    "-P", Integer.toString(server.syslogPort), "-t", "cron-backup", "-p", "daemon.err",
                    "--sd-id", "ps@1", "--sd-param", "package_version=\"4.2\"", "backup failed " + framing)
                    .redirectErrorStream(true).start();
            assertEquals(0, logger.waitFor(), RecordPathIT.output(logger));
        }
        JsonArray records = awaitRecords("system_id=cron-backup&order=asc", 2);
        for (int i = 0; i < 2; i++) {
            JsonObject record = records.getJsonObject(i);
            assertTrue(record.getString("message").startsWith("backup failed --"), record.toString());
            assertEquals("ERROR", record.getString("levelname"));
            assertEquals("syslog", record.getString("input"));
            assertEquals("4.2", record.getString("package_version"));
            assertTrue(record.getString("extra").contains("\"facility\":3"), record.getString("extra"));
        }
    }

    static JsonArray awaitRecords(String query, int expected) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonArray records;
        do {
            records = server.logs(query).getJsonArray("records");
            if (records.size() >= expected) {
                return records;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("only " + records.size() + " of " + expected + " records for " + query);
    }
}
