package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ps.client.wire.NativeProtocol;
import ps.client.wire.Tls;

/** The sender's token, TLS, record limit and damaged spools, against a real socket and real files. */
class PsSenderLinkTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private FakeBridge bridge;
    private PsSender sender;

    @AfterEach
    void stop() throws IOException {
        if (sender != null) {
            sender.close(Duration.ZERO);
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    private static LogEntry entry(String message) {
        return new LogEntry().created(1_000L).level(Level.INFO).set(LogField.MESSAGE, message);
    }

    private static List<String> messages(FakeBridge bridge) {
        return bridge.received().stream().map(r -> r.entry().get(LogField.MESSAGE)).toList();
    }

    @Test
    void theTokenTravelsInTheHello() throws Exception {
        bridge = new FakeBridge();
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 10, Duration.ofMillis(100), null, 0,
                new PsSender.Options("ps_token-1", null, NativeProtocol.DEFAULT_MAX_RECORD_BYTES));
        sender.offer(entry("with token"));

        assertTrue(sender.flush(WAIT));
        assertEquals(List.of("ps_token-1"), bridge.tokens());
    }

    @Test
    void aRefusedHelloIsRetriedWithGrowingPauses() throws Exception {
        bridge = new FakeBridge().refuseWith("unknown or revoked ingest token");
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 10, Duration.ofSeconds(5), null, 0,
                new PsSender.Options("ps_wrong", null, NativeProtocol.DEFAULT_MAX_RECORD_BYTES));
        sender.offer(entry("never admitted"));

        Thread.sleep(2_000);
        // pauses of 0.1, 0.2, 0.4, 0.8 s: at most 5 attempts in 2 s (without back-off: about 20)
        assertTrue(bridge.connections() <= 6, () -> bridge.connections() + " connections in 2 s");
        assertTrue(bridge.connections() >= 2, () -> bridge.connections() + " connections in 2 s");
        assertEquals(1, sender.pending());
    }

    @Test
    void anOversizedRecordIsDroppedCountedAndTheRestFlows() throws Exception {
        bridge = new FakeBridge();
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 100, Duration.ofMillis(100), null, 0,
                new PsSender.Options(null, null, 4096));
        sender.offer(entry("before"));
        sender.offer(entry("x".repeat(10_000)));
        sender.offer(entry("after"));

        assertTrue(sender.flush(WAIT), "nothing may stay pending behind the oversized record");
        assertEquals(List.of("before", "after"), messages(bridge));
        assertEquals(1, sender.oversized());
        assertTrue(sender.lastError().contains("over the limit of 4096"), sender.lastError());
        assertEquals(0, sender.pending());
    }

    @Test
    void anOversizedRecordInTheSpoolDoesNotWedgeIt() throws Exception {
        Path spool = dir.resolve("big.spool");
        PsSender offline = new PsSender(FakeBridge.HOST, FakeBridge.closedPort(), 100, Duration.ofMillis(100),
                spool, 1 << 20, new PsSender.Options(null, null, 4096));
        offline.offer(entry("spooled 1"));
        offline.offer(entry("y".repeat(10_000)));
        offline.offer(entry("spooled 3"));
        offline.offer(entry("z".repeat(10_000))); // the spool's last record: no ACK will ever cover it
        offline.close(Duration.ofMillis(300));
        assertEquals(4, offline.spooled());

        bridge = new FakeBridge();
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 100, Duration.ofMillis(100), spool, 1 << 20,
                new PsSender.Options(null, null, 4096));
        sender.offer(entry("fresh"));

        assertTrue(sender.flush(WAIT), "the spool must empty although its records were too large");
        assertEquals(List.of("spooled 1", "spooled 3", "fresh"), messages(bridge));
        assertEquals(2, sender.oversized());
        assertEquals(0, sender.spooled());
        assertEquals(3, sender.delivered());
    }

    @Test
    void aDamagedSpoolIsReportedAndItsIntactRecordsSent() throws Exception {
        Path spool = dir.resolve("damaged.spool");
        PsSender offline = new PsSender(FakeBridge.HOST, FakeBridge.closedPort(), 100, Duration.ofMillis(100),
                spool, 1 << 20, PsSender.Options.PLAIN);
        for (int i = 1; i <= 5; i++) {
            offline.offer(entry("spooled " + i));
        }
        offline.close(Duration.ofMillis(300));
        byte[] bytes = Files.readAllBytes(spool);
        int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("spooled 3");
        bytes[at - 40] ^= 0x5a; // inside record 3's frame header
        bytes[at - 39] ^= 0x5a;
        Files.write(spool, bytes);

        bridge = new FakeBridge();
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 100, Duration.ofMillis(100), spool, 1 << 20,
                PsSender.Options.PLAIN);

        assertTrue(sender.flush(WAIT));
        List<String> got = messages(bridge);
        assertTrue(got.containsAll(List.of("spooled 1", "spooled 2", "spooled 4", "spooled 5")), got.toString());
        assertTrue(sender.spoolSkippedBytes() > 0);
        assertTrue(sender.lastError() == null || !sender.lastError().isEmpty());
    }

    @Test
    void deliversOverTlsTrustingTheServersCertificateFile() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "ps", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "ps", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", cert.toString());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);

        bridge = new FakeBridge(context);
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 10, Duration.ofMillis(100), null, 0,
                new PsSender.Options(null, Tls.trusting(cert), NativeProtocol.DEFAULT_MAX_RECORD_BYTES));
        sender.offer(entry("over tls"));

        assertTrue(sender.flush(WAIT), () -> "not delivered: " + sender.lastError());
        assertEquals(List.of("over tls"), messages(bridge));
    }

    @Test
    void aSenderTrustingAnotherCertificateDeliversNothing() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path other = dir.resolve("other.p12");
        Path otherCert = dir.resolve("other.pem");
        keytool("-genkeypair", "-alias", "ps", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-genkeypair", "-alias", "ps", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", other.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "ps", "-keystore", other.toString(), "-storepass", "changeit",
                "-file", otherCert.toString());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);

        bridge = new FakeBridge(context);
        sender = new PsSender(FakeBridge.HOST, bridge.port(), 10, Duration.ofMillis(100), null, 0,
                new PsSender.Options(null, Tls.trusting(otherCert), NativeProtocol.DEFAULT_MAX_RECORD_BYTES));
        sender.offer(entry("to an impostor"));

        assertEquals(false, sender.flush(Duration.ofSeconds(2)));
        assertEquals(List.of(), messages(bridge));
        assertTrue(sender.lastError() != null && sender.lastError().contains("cannot deliver"), sender.lastError());
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }
}
