package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

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
import ps.client.PsSender;
import ps.client.wire.NativeProtocol;
import ps.client.wire.Tls;

/**
 * Who may send, and over what: a PS as PRODUCTION runs it (ingest tokens required) with TLS on the native,
 * GELF and syslog inputs. Every case ends with {@link Hostile#assertStillWell(String)}, and with
 * {@link Hostile#assertLoggedOnce(String)} where PS refuses something.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileAuthIT {
    private static final int MAX_RECORD_BYTES = 256 * 1024;
    static Hostile ps;
    static Tls.Client trust;

    @BeforeAll
    static void start() throws Exception {
        ps = Hostile.start("auth", Map.of(
                "PS_INGEST_AUTH", "required",
                "PS_NATIVE_TLS", "true",
                "PS_GELF_TLS", "true",
                "PS_SYSLOG_TLS", "true",
                "PS_MAX_RECORD_BYTES", Integer.toString(MAX_RECORD_BYTES)));
        trust = Tls.trusting(ps.dataDir().resolve("tls/tls-cert.pem"));
        ps.witnessUses(createToken("witness").getString("token"), trust);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (upstream != null) {
                upstream.close();
            }
            if (downstream != null) {
                downstream.stop();
            }
        } finally {
            if (ps != null) {
                ps.close();
            }
        }
    }

    // --- forwarding: upstream A forwards to downstream B (ingest tokens required, records up to 64 KiB),
    // and B forwards back to A: a loop, as a misconfigured pair of bridges would make one.

    static Hostile upstream;
    static PsServer downstream;

    static synchronized void startForwardingPair() throws Exception {
        if (upstream != null) {
            return;
        }
        PsServer a = PsServer.create(PsServer.dataDir("hostile-forward-a"), Map.of());
        downstream = PsServer.start(PsServer.dataDir("hostile-forward-b"), Map.of(
                "PS_INGEST_AUTH", "required",
                "PS_MAX_RECORD_BYTES", "65536",
                "PS_FORWARD_HOST", "localhost",
                "PS_FORWARD_PORT", Integer.toString(a.nativePort)));
        String token = createToken(downstream, "upstream A").getString("token");
        a.with("PS_FORWARD_HOST", "localhost").with("PS_FORWARD_PORT", Integer.toString(downstream.nativePort))
                .with("PS_FORWARD_TOKEN", token);
        upstream = Hostile.launch(a);
    }

    @Test
    @Order(1)
    void aForwardingLoopIsDetectedAndTheRecordStopsAfterOneRound() throws Exception {
        startForwardingPair();
        upstream.mark();
        String message = "loop probe " + System.nanoTime();
        try (PsSender sender = new PsSender("localhost", upstream.server.nativePort, 10, Duration.ofMillis(200))) {
            sender.offer(entry(message));
            assertTrue(sender.flush(Duration.ofSeconds(15)), () -> "upstream: " + sender.lastError());
        }
        String sql = "SELECT count(*) FROM log WHERE message = '" + message + "'";
        awaitCount(downstream, sql, 1, 60);
        awaitCount(upstream.server, sql, 2, 60); // the original, and the copy B sent back
        String a = java.nio.file.Files.readString(upstream.dataDir().resolve("instance-id")).trim();
        String b = java.nio.file.Files.readString(downstream.dataDir.resolve("instance-id")).trim();
        assertEquals(1, downstream.countInDatabase(sql + " AND route = '" + a + "'"));
        assertEquals(1, upstream.server.countInDatabase(sql + " AND route = '" + a + "," + b + "'"));
        Thread.sleep(3_000);
        assertEquals(1, downstream.countInDatabase(sql), "A did not send the returned copy round again");
        assertEquals(2, upstream.server.countInDatabase(sql));
        upstream.assertLoggedOnce("not forwarding records that passed this PS already");
        upstream.assertStillWell("forwarding loop");
    }

    @Test
    @Order(2)
    void aRefusedRecordGoesToTheDeadLettersAndTheNextRecordsAreForwarded() throws Exception {
        startForwardingPair();
        upstream.mark();
        String tag = Long.toString(System.nanoTime());
        try (PsSender sender = new PsSender("localhost", upstream.server.nativePort, 10, Duration.ofMillis(200))) {
            sender.offer(entry("before poison " + tag));
            sender.offer(entry("poison " + tag + " " + "p".repeat(100_000))); // over B's 64 KiB, under A's limit
            sender.offer(entry("after poison " + tag));
            assertTrue(sender.flush(Duration.ofSeconds(15)), () -> "upstream: " + sender.lastError());
        }
        awaitCount(downstream, "SELECT count(*) FROM log WHERE message = 'after poison " + tag + "'", 1, 60);
        assertEquals(1, downstream.countInDatabase("SELECT count(*) FROM log WHERE message = 'before poison " + tag + "'"));
        assertEquals(0, downstream.countInDatabase("SELECT count(*) FROM log WHERE message LIKE 'poison " + tag + "%'"));

        HttpResponse<String> dead = upstream.server.send("GET", "/api/bridge/dead-letters", PsServer.admin(), null);
        assertEquals(200, dead.statusCode(), dead.body());
        JsonObject letters = Json.createReader(new StringReader(dead.body())).readObject();
        assertEquals(1, letters.getJsonArray("dead_letters").size(), dead.body());
        JsonObject letter = letters.getJsonArray("dead_letters").getJsonObject(0);
        assertTrue(letter.getString("reason").contains("exceeds the limit of 65536"), letter.getString("reason"));
        assertTrue(letter.getString("message").startsWith("poison " + tag));
        assertEquals(401, upstream.server.send("GET", "/api/bridge/dead-letters", null, null).statusCode());
        assertEquals(400, upstream.server.send("GET", "/api/bridge/dead-letters?limit=0", PsServer.admin(), null).statusCode());
        upstream.assertLoggedOnce("went to the dead letters");
        upstream.assertStillWell("refused record forwarded");
    }

    private static void awaitCount(PsServer server, String sql, long expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long count = 0;
        while (System.nanoTime() < deadline) {
            count = server.countInDatabase(sql);
            if (count >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(sql + ": " + count + " of " + expected + " after " + seconds + " s");
    }

    @BeforeEach
    void mark() throws Exception {
        ps.mark();
    }

    @Test
    void aHelloWithoutTokenIsRefused() throws Exception {
        String refusal = exchange("no-token-client", null, 1, "without token");

        assertTrue(refusal.contains("without an ingest token"), refusal);
        assertEquals(0, stored("no-token-client"));
        ps.assertLoggedOnce("HELLO of client no-token-client without an ingest token");
        ps.assertStillWell("hello without token");
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        String refusal = exchange("wrong-token-client", "ps_not-a-token-of-this-ps", 1, "with a wrong token");

        assertTrue(refusal.contains("unknown or revoked ingest token"), refusal);
        assertEquals(0, stored("wrong-token-client"));
        ps.assertLoggedOnce("unknown or revoked ingest token in the HELLO of client wrong-token-client");
        ps.assertStillWell("wrong token");
    }

    @Test
    void aClientIdOfAnotherTokenIsRefusedAndItsOwnersLaterRecordsAreStored() throws Exception {
        JsonObject victimToken = createToken("victim");
        String attackerToken = createToken("attacker").getString("token");
        try (PsSender victim = sender(victimToken.getString("token"), NativeProtocol.DEFAULT_MAX_RECORD_BYTES)) {
            victim.offer(entry("victim 1"));
            assertTrue(victim.flush(Duration.ofSeconds(15)), () -> "victim: " + victim.lastError());
            String victimId = victim.clientId();

            // the attacker pre-claims the victim's next sequence numbers under its own valid token
            String refusal = exchange(victimId, attackerToken, 2, "forged");
            assertTrue(refusal.contains("belongs to ingest token #" + victimToken.getInt("id")), refusal);

            victim.offer(entry("victim 2"));
            victim.offer(entry("victim 3"));
            assertTrue(victim.flush(Duration.ofSeconds(15)), () -> "victim: " + victim.lastError());
            assertEquals(3, stored(victimId), "the victim's records 2 and 3 were stored, not discarded as duplicates");
            assertEquals(0, ps.server.countInDatabase("SELECT count(*) FROM log WHERE message LIKE 'forged%'"));
            ps.assertLoggedOnce("client id " + victimId + " belongs to ingest token #" + victimToken.getInt("id"));
        }
        ps.assertStillWell("client id of another token");
    }

    @Test
    void aValidTokenOverTlsStoresTheRecordAndPlainTcpOnTheTlsPortGetsNothing() throws Exception {
        String token = createToken("valid").getString("token");
        try (PsSender sender = sender(token, NativeProtocol.DEFAULT_MAX_RECORD_BYTES)) {
            sender.offer(entry("valid over tls"));
            assertTrue(sender.flush(Duration.ofSeconds(15)), () -> "not delivered: " + sender.lastError());
            assertEquals(1, stored(sender.clientId()));
        }
        // the same protocol in plain TCP on the TLS port: no ACK, nothing stored
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream frames = new DataOutputStream(bytes);
        NativeProtocol.writeHello(frames, "plain-on-tls", token);
        NativeProtocol.writeRecord(frames, record(1, "plain on tls"));
        try (Socket socket = new Socket("localhost", ps.server.nativePort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes.toByteArray());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            NativeProtocol.Frame frame = null;
            try {
                frame = NativeProtocol.readFrame(in, 1 << 16);
            } catch (IOException e) {
                // TLS alert bytes or a reset: not a frame of PS
            }
            assertTrue(frame == null || frame.type() != NativeProtocol.ACK, "plain TCP got an ACK on the TLS port");
        }
        assertEquals(0, stored("plain-on-tls"));
        ps.assertStillWell("valid token over tls");
    }

    @Test
    void gelfOverTlsIsStored() throws Exception {
        String json = "{\"version\":\"1.1\",\"host\":\"gelf-tls-host\",\"short_message\":\"gelf over tls\",\"_system_id\":\"gelf-tls\"}";
        try (Socket socket = tlsSocket(ps.server.gelfPort)) {
            OutputStream out = socket.getOutputStream();
            out.write((json + "\0").getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitStored("SELECT count(*) FROM log WHERE system_id = 'gelf-tls' AND input = 'gelf'", 1);
        }
        ps.assertStillWell("gelf over tls");
    }

    @Test
    void syslogOverTlsWithRfc5425OctetCountingIsStored() throws Exception {
        String first = "<14>1 2026-12-01T10:00:00.000Z tls-host syslog-tls - ID1 - first over tls";
        String second = "<11>1 2026-12-01T10:00:01.000Z tls-host syslog-tls - ID2 - second \u00fcber tls";
        try (Socket socket = tlsSocket(ps.server.syslogPort)) {
            OutputStream out = socket.getOutputStream();
            out.write((octets(first) + octets(second)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitStored("SELECT count(*) FROM log WHERE system_id = 'syslog-tls' AND input = 'syslog'", 2);
        }
        assertEquals(1, ps.server.countInDatabase(
                "SELECT count(*) FROM log WHERE system_id = 'syslog-tls' AND message = 'second \u00fcber tls' AND levelno = 40"));
        ps.assertStillWell("syslog over tls");
    }

    @Test
    void anOversizedRecordFromPsSenderDoesNotWedgeIt() throws Exception {
        String token = createToken("oversized").getString("token");
        try (PsSender sender = sender(token, MAX_RECORD_BYTES)) {
            sender.offer(entry("before the big one"));
            sender.offer(entry("x".repeat(MAX_RECORD_BYTES + 1)));
            sender.offer(entry("after the big one"));

            assertTrue(sender.flush(Duration.ofSeconds(15)), () -> "wedged: " + sender.lastError());
            assertEquals(1, sender.oversized());
            assertEquals(0, sender.pending());
            assertEquals(2, stored(sender.clientId()));
            assertTrue(sender.lastError().contains("over the limit of " + MAX_RECORD_BYTES), sender.lastError());
        }
        assertFalse(ps.logSinceMark().contains("exceeds the limit"), "the sender never sent what the bridge must refuse");
        ps.assertStillWell("oversized record from PsSender");
    }

    @Test
    void aRevokedTokenIsRefusedAtTheNextHello() throws Exception {
        JsonObject created = createToken("to be revoked");
        String token = created.getString("token");
        assertEquals("", exchange("revoked-client", token, 1, "before revocation"));
        HttpResponse<String> revoked = ps.server.send("DELETE", "/api/ingest-tokens/" + created.getInt("id"), PsServer.admin(), null);
        assertEquals(204, revoked.statusCode());

        String refusal = exchange("revoked-client", token, 6, "after revocation");

        assertTrue(refusal.contains("unknown or revoked ingest token"), refusal);
        assertEquals(5, stored("revoked-client"), "the five records sent before the revocation, none after");
        ps.assertLoggedOnce("unknown or revoked ingest token in the HELLO of client revoked-client");
        ps.assertStillWell("revoked token");
    }

    @Test
    void ingestTokensAreForAdminsAndNeverListedInFull() throws Exception {
        JsonObject created = createToken("listed");
        assertEquals(401, ps.server.send("GET", "/api/ingest-tokens", null, null).statusCode());
        assertEquals(401, ps.server.send("POST", "/api/ingest-tokens", null, "{\"label\":\"x\"}").statusCode());
        HttpResponse<String> list = ps.server.send("GET", "/api/ingest-tokens", PsServer.admin(), null);
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("\"listed\""), list.body());
        assertFalse(list.body().contains(created.getString("token")), "a token is shown only at creation");
        HttpResponse<String> bad = ps.server.send("POST", "/api/ingest-tokens", PsServer.admin(), "{\"label\":7}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("label"), bad.body());
        assertEquals(1, ps.server.countInDatabase(
                "SELECT count(*) FROM ingest_tokens WHERE label = 'listed' AND length(token_hash) = 64"), "stored hashed");
        ps.assertStillWell("ingest tokens REST");
    }

    // --- helpers

    static JsonObject createToken(String label) throws Exception {
        return createToken(ps.server, label);
    }

    static JsonObject createToken(PsServer server, String label) throws Exception {
        HttpResponse<String> response = server.send("POST", "/api/ingest-tokens", PsServer.admin(),
                Json.createObjectBuilder().add("label", label).build().toString());
        assertEquals(201, response.statusCode(), response.body());
        JsonObject token = Json.createReader(new StringReader(response.body())).readObject();
        assertNotNull(token.getString("token"));
        return token;
    }

    private static PsSender sender(String token, int maxRecordBytes) {
        return new PsSender("localhost", ps.server.nativePort, 100, Duration.ofMillis(200), null, 0,
                new PsSender.Options(token, trust, maxRecordBytes));
    }

    private static LogEntry entry(String message) {
        return new LogEntry().created(System.currentTimeMillis()).level(Level.INFO)
                .set(LogField.SYSTEM_ID, "hostile-auth").set(LogField.MESSAGE, message);
    }

    private static LogEntry record(long seq, String message) {
        return entry(message).seq(seq);
    }

    /**
     * Sends HELLO and {@code count} records numbered from {@code firstSeq} over TLS; @return the ERROR's
     * reason, or "" when the last record was acknowledged.
     */
    private static String exchange(String clientId, String token, long firstSeq, String message) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream frames = new DataOutputStream(bytes);
        NativeProtocol.writeHello(frames, clientId, token);
        long last = firstSeq + 4;
        for (long seq = firstSeq; seq <= last; seq++) {
            NativeProtocol.writeRecord(frames, record(seq, message + " " + seq));
        }
        frames.flush();
        try (Socket socket = tlsSocket(ps.server.nativePort)) {
            socket.getOutputStream().write(bytes.toByteArray());
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                NativeProtocol.Frame frame = NativeProtocol.readFrame(in, 1 << 16);
                if (frame == null) {
                    return "(closed without ERROR or ACK)";
                }
                if (frame.type() == NativeProtocol.ERROR) {
                    return NativeProtocol.readError(frame.body());
                }
                if (frame.type() == NativeProtocol.ACK && NativeProtocol.readAck(frame.body()) >= last) {
                    return "";
                }
            }
        }
    }

    private static Socket tlsSocket(int port) throws IOException {
        Socket socket = trust.socket();
        socket.connect(new InetSocketAddress("localhost", port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static long stored(String clientId) throws Exception {
        return ps.server.countInDatabase("SELECT count(*) FROM log WHERE client_id = '" + clientId.replace("'", "''") + "'");
    }

    private static void awaitStored(String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long count = 0;
        while (System.nanoTime() < deadline) {
            count = ps.server.countInDatabase(sql);
            if (count >= expected) {
                assertEquals(expected, count, sql);
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(sql + ": " + count + " of " + expected + " after 10 s");
    }

    private static String octets(String message) {
        return message.getBytes(StandardCharsets.UTF_8).length + " " + message;
    }
}
