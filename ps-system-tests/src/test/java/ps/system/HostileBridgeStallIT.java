package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ps.client.wire.NativeProtocol;

/**
 * A writer stall must not close healthy connections: with idle and record timeouts of 2 s, the store is
 * locked from outside for 6 s (less than SQLite's 10 s busy timeout, so the writer waits rather than
 * fails) while a client has thousands of records pipelined. Its connection waits for the writer, is not
 * closed, and every record is acknowledged and stored once the lock is gone.
 */
class HostileBridgeStallIT {
    static Hostile ps;

    @BeforeAll
    static void start() throws Exception {
        ps = Hostile.start("bridge-stall", Map.of("PS_IDLE_TIMEOUT_SECONDS", "2", "PS_RECORD_TIMEOUT_SECONDS", "2"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (ps != null) {
            ps.close();
        }
    }

    @Test
    void aWriterStallLongerThanTheTimeoutsClosesNoHealthyConnection() throws Exception {
        ps.mark();
        String client = "stalled-" + System.nanoTime();
        int records = 20_000;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream frames = new DataOutputStream(bytes);
        NativeProtocol.writeHello(frames, client);
        for (int seq = 1; seq <= records; seq++) {
            NativeProtocol.writeRecord(frames, HostileBridgeIT.record(seq, "stalled record " + seq));
        }
        frames.flush();
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + ps.dataDir().resolve("ps.sqlite"));
             Socket socket = new Socket("localhost", ps.server.nativePort)) {
            try (Statement statement = lock.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 10000");
                statement.execute("BEGIN IMMEDIATE");
            }
            long locked = System.nanoTime();
            socket.setSoTimeout(30_000);
            Thread sender = new Thread(() -> {
                try {
                    socket.getOutputStream().write(bytes.toByteArray()); // blocks while the bridge waits
                    socket.getOutputStream().flush();
                } catch (java.io.IOException e) {
                    // seen below as a closed connection
                }
            });
            sender.start();
            Thread.sleep(6_000);
            try (Statement statement = lock.createStatement()) {
                statement.execute("ROLLBACK");
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            long acked = 0;
            while (acked < records) {
                NativeProtocol.Frame frame = NativeProtocol.readFrame(in, 1 << 16);
                if (frame == null) {
                    fail("the bridge closed the stalled connection after ACK " + acked + "; log: " + ps.logSinceMark());
                }
                if (frame.type() == NativeProtocol.ERROR) {
                    fail("the bridge refused the stalled connection: " + NativeProtocol.readError(frame.body()));
                }
                acked = NativeProtocol.readAck(frame.body());
            }
            assertTrue(System.nanoTime() - locked > 5 * Hostile.SECOND_NANOS, "the writer was stalled");
        }
        assertEquals(records, ps.server.countInDatabase("SELECT count(*) FROM log WHERE client_id = '" + client + "'"));
        assertTrue(!ps.logSinceMark().contains("too slow: a record did not complete"), ps.logSinceMark());
        ps.assertStillWell("a writer stall of 6 s with 2 s timeouts");
    }
}
