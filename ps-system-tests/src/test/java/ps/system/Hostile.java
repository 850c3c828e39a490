package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;

/**
 * The hostile suite's fixture: a real PS with a known heap cap, watched while it is attacked. After each
 * case {@link #assertStillWell(String)} proves what the suite promises: the JVM is alive and ready, its heap
 * stayed under the cap (sampled by {@code jstat} all along), a good record from another client is
 * acknowledged within a second, and every record acknowledged to that witness so far is stored.
 * {@link #mark()} and {@link #assertLoggedOnce(String)} prove a refusal was logged once with its reason.
 */
final class Hostile implements AutoCloseable {
    /** The heap every hostile server runs with; an OutOfMemoryError ends the JVM instead of limping on. */
    static final int HEAP_CAP_MB = 384;
    static final long SECOND_NANOS = 1_000_000_000L;

    final PsServer server;
    private final String witnessId = "hostile-witness-" + System.nanoTime();
    private final AtomicLong witnessSeq = new AtomicLong();
    private final List<String> acked = new ArrayList<>();
    private final AtomicLong peakHeapBytes = new AtomicLong();
    private Process jstat;
    private int logMark;
    private volatile String witnessToken;
    private volatile ps.client.wire.Tls.Client witnessTls;

    private Hostile(PsServer server) {
        this.server = server;
    }

    static Hostile start(String name) throws Exception {
        return start(name, Map.of());
    }

    static Hostile start(String name, Map<String, String> environment) throws Exception {
        Hostile hostile = new Hostile(PsServer.start(PsServer.dataDir("hostile-" + name), environment));
        hostile.watchHeap();
        hostile.mark();
        return hostile;
    }

    /**
     * Launches a server made with {@link PsServer#create} (its ports known before it starts, e.g. for a pair
     * forwarding to each other) with the hostile heap cap, and watches it like {@link #start}.
     */
    static Hostile launch(PsServer created) throws Exception {
        created.launch(); // PsServer.JAVA_OPTS carry the heap cap
        Hostile hostile = new Hostile(created);
        hostile.watchHeap();
        hostile.mark();
        return hostile;
    }

    /** Samples the used heap (survivors + eden + old generation) every 200 ms for the server's lifetime. */
    private void watchHeap() throws IOException {
        jstat = new ProcessBuilder("jstat", "-gc", Long.toString(server.pid()), "200").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                List<String> header = null;
                while ((line = lines.readLine()) != null) {
                    String[] columns = line.trim().split("\\s+");
                    if (header == null || columns[0].equals("S0C")) {
                        header = List.of(columns);
                        continue;
                    }
                    double kb = 0;
                    for (String used : List.of("S0U", "S1U", "EU", "OU")) {
                        int at = header.indexOf(used);
                        if (at >= 0 && at < columns.length) {
                            kb += Double.parseDouble(columns[at].replace(',', '.'));
                        }
                    }
                    long bytes = (long) (kb * 1024);
                    peakHeapBytes.accumulateAndGet(bytes, Math::max);
                }
            } catch (IOException | RuntimeException e) {
                // jstat ended with the server
            }
        }, "jstat-heap-watch");
        reader.setDaemon(true);
        reader.start();
    }

    long peakHeapBytes() {
        return peakHeapBytes.get();
    }

    /** Remembers how far the server log reaches, for {@link #assertLoggedOnce(String)}. */
    void mark() throws IOException {
        logMark = server.log().length();
    }

    /** The log written since the last {@link #mark()}. */
    String logSinceMark() throws IOException {
        String log = server.log();
        return log.substring(Math.min(logMark, log.length()));
    }

    /**
     * Waits up to 10 s until exactly one line written since the mark contains {@code fragment}, then checks
     * for 1 s more that no second one follows.
     */
    void assertLoggedOnce(String fragment) throws Exception {
        long deadline = System.nanoTime() + 10 * SECOND_NANOS;
        while (countSinceMark(fragment) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        long count = countSinceMark(fragment);
        assertEquals(1, count, () -> "lines logged with '" + fragment + "' since the case began: " + count
                + "\n" + tail(logSinceMarkQuietly()));
    }

    /** Waits up to 10 s until {@code times} lines since the mark contain {@code fragment}, then 1 s for more. */
    void assertLoggedTimes(String fragment, int times) throws Exception {
        long deadline = System.nanoTime() + 10 * SECOND_NANOS;
        while (countSinceMark(fragment) < times && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        long count = countSinceMark(fragment);
        assertEquals(times, count, () -> "lines logged with '" + fragment + "' since the case began: " + count
                + "\n" + tail(logSinceMarkQuietly()));
    }

    private long countSinceMark(String fragment) throws IOException {
        return logSinceMark().lines().filter(line -> line.contains(fragment)).count();
    }

    private String logSinceMarkQuietly() {
        try {
            return logSinceMark();
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 4000));
    }

    /**
     * The suite's promise after every case: alive, ready, heap under the cap, a good record from another
     * client acknowledged within a second, and nothing acknowledged before lost.
     */
    void assertStillWell(String caseName) throws Exception {
        assertTrue(server.isAlive(), caseName + ": PS is gone; log: " + tail(logSinceMarkQuietly()));
        long readyDeadline = System.nanoTime() + 10 * SECOND_NANOS;
        int status = 0;
        while (System.nanoTime() < readyDeadline) {
            status = server.getAnonymously("/health/ready").statusCode();
            if (status == 200) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(200, status, caseName + ": /health/ready");
        assertTrue(peakHeapBytes() > 0, caseName + ": no heap sample from jstat");
        assertTrue(peakHeapBytes() < HEAP_CAP_MB * 1024L * 1024L,
                caseName + ": peak heap " + peakHeapBytes() / 1024 / 1024 + " MiB reached the cap");
        String message = "witness after " + caseName + " #" + witnessSeq.get();
        long nanos = sendWitness(message);
        assertTrue(nanos < SECOND_NANOS, caseName + ": the good record was acknowledged after "
                + nanos / 1_000_000 + " ms, not within a second");
        acked.add(message);
        long stored = server.countInDatabase("SELECT count(*) FROM log WHERE client_id = '" + witnessId + "'");
        assertEquals(acked.size(), stored, caseName + ": records acknowledged to the witness vs stored");
    }

    /** Sends one record on a fresh native connection and returns the nanoseconds until its ACK. */
    private long sendWitness(String message) throws IOException {
        long seq = witnessSeq.incrementAndGet();
        LogEntry entry = new LogEntry().seq(seq).created(System.currentTimeMillis()).level(Level.INFO)
                .set(LogField.SYSTEM_ID, "hostile-witness").set(LogField.MESSAGE, message);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream frames = new DataOutputStream(bytes);
        NativeProtocol.writeHello(frames, witnessId, witnessToken);
        NativeProtocol.writeRecord(frames, entry);
        frames.flush();
        long start = System.nanoTime();
        try (Socket socket = witnessSocket()) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes.toByteArray());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                NativeProtocol.Frame frame = NativeProtocol.readFrame(in, 1 << 20);
                if (frame == null) {
                    fail("the bridge closed the witness connection without an ACK");
                }
                if (frame.type() == NativeProtocol.ERROR) {
                    fail("the bridge refused the witness: " + NativeProtocol.readError(frame.body()));
                }
                if (frame.type() == NativeProtocol.ACK && NativeProtocol.readAck(frame.body()) >= seq) {
                    return System.nanoTime() - start;
                }
            }
        }
    }

    /**
     * Lets the witness send with an ingest token (for servers with PS_INGEST_AUTH=required) and over TLS
     * (for servers with PS_NATIVE_TLS=true); null for either keeps it plain.
     */
    void witnessUses(String token, ps.client.wire.Tls.Client tls) {
        witnessToken = token;
        witnessTls = tls;
    }

    /** The witness's client id, e.g. to prove nobody else may claim it. */
    String witnessId() {
        return witnessId;
    }

    private Socket witnessSocket() throws IOException {
        ps.client.wire.Tls.Client tls = witnessTls;
        if (tls == null) {
            return new Socket("localhost", server.nativePort);
        }
        Socket socket = tls.socket();
        socket.connect(new java.net.InetSocketAddress("localhost", server.nativePort), 5_000);
        return socket;
    }

    /** The server's data directory files, for cases about permissions. */
    java.nio.file.Path dataDir() {
        return server.dataDir;
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            if (jstat != null) {
                jstat.destroy();
            }
        }
    }
}
