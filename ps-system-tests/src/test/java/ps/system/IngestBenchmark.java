package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Test;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;
import ps.db.Database;
import ps.db.Migrations;

/**
 * The ingestion benchmark (bin/ps-bench; not part of the test run). It starts PS three times, each with a
 * fresh data directory, and sends records from C concurrent senders — pre-encoded native frames and
 * pre-encoded pickle frames (so the sender is not the bottleneck) — waits until every record is stored and
 * prints records/s stored, lost and duplicated, per variant:
 * <ul>
 * <li>{@code plain}: the memory budget out of the way (PS_INPUT_MEMORY_MB=65536, more than the heap, so it
 *     never makes a sender wait; its bookkeeping still runs) and no ingest tokens (PS_INGEST_AUTH=off);</li>
 * <li>{@code budget}: the default budget (PS_INPUT_MEMORY_MB unset: 64 MiB), no tokens;</li>
 * <li>{@code budget+tokens}: the default budget and PS_INGEST_AUTH=required, each native sender showing an
 *     ingest token made through the REST API as docs/security.md says (pickle has no tokens: it stays plain
 *     for unchanged Python clients, so its figure there is one more budget measurement).</li>
 * </ul>
 * Real Python SocketHandler processes are measured once, on the last server. Before each server it inserts
 * the same rows with raw JDBC batches into a fresh SQLite file with PS's real schema and indexes, the ceiling
 * that variant's figures are divided by (measured next to them: the load of a shared machine drifts). Each server first ingests a warm-up (not measured) so that the JIT has compiled
 * the decoders and the writer and each measurement meets a store of the same size.
 * Sizes: -Dbench.records (per input, default 400000), -Dbench.senders (4), -Dbench.python (40000);
 * -Dbench.variants=plain,budget,budget+tokens (a subset to run, in this order; a name may repeat); -Dbench.jfr=true records a JFR profile of
 * each server into its data directory (bench.jfr); -Dbench.javaOpts="..." gives the servers these JVM options
 * (PS_JAVA_OPTS) instead of the tests' {@code -Xmx384m -XX:+UseSerialGC}, to compare JVM options.
 */
class IngestBenchmark {
    private static final int RECORDS = Integer.getInteger("bench.records", 400_000);
    private static final int SENDERS = Integer.getInteger("bench.senders", 4);
    private static final int PYTHON = Integer.getInteger("bench.python", 40_000);
    private static final String VARIANTS = System.getProperty("bench.variants", "plain,budget,budget+tokens");
    private static final boolean JFR = Boolean.getBoolean("bench.jfr");
    private static final String JAVA_OPTS = System.getProperty("bench.javaOpts", "-Xmx384m -XX:+UseSerialGC");
    private static final int RAW_BATCH = 5_000;

    /** A server configuration measured: its settings, and whether native senders show an ingest token. */
    record Variant(String name, Map<String, String> environment, boolean tokens) {
    }

    static final List<Variant> ALL = List.of(
            new Variant("plain", Map.of("PS_INPUT_MEMORY_MB", "65536", "PS_INGEST_AUTH", "off"), false),
            new Variant("budget", Map.of("PS_INGEST_AUTH", "off"), false),
            new Variant("budget+tokens", Map.of("PS_INGEST_AUTH", "required"), true));

    @Test
    void ingest() throws Exception {
        Path dir = PsServer.dataDir("bench");
        List<String> lines = new ArrayList<>() {
            @Override
            public boolean add(String line) {
                System.out.println(line); // at once too: a run cut short still shows what it measured
                return super.add(line);
            }
        };
        // the pickle frames come from CPython's own SocketHandler.makePickle; made once, replayed per server
        List<byte[]> warmPickle = pickleStreams(dir, RECORDS / 4, SENDERS, "warm-pickle");
        List<byte[]> benchPickle = pickleStreams(dir, RECORDS, SENDERS, "bench-pickle");
        List<String> wanted = List.of(VARIANTS.split(","));
        // in the order asked for, so that an order effect can be told from a variant's cost
        List<Variant> variants = wanted.stream()
                .flatMap(name -> ALL.stream().filter(v -> v.name().equals(name))).toList();
        // the raw insert runs in this JVM: warmed once, unmeasured, or the first variant's ceiling is measured
        // cold (seen: 72k/s cold, then 102k and 130k/s for the later variants in the same run)
        rawInsert(dir.resolve("raw-warm.sqlite"), RECORDS);
        for (int v = 0; v < variants.size(); v++) {
            Variant variant = variants.get(v);
            Path data = dir.resolve(variant.name().replace('+', '-') + "-" + v); // a variant may be asked for twice
            // the ceiling, measured again next to each server: on a shared machine the load drifts between them
            String rawLoad = loadAverage();
            double raw = rawInsert(dir.resolve("raw-" + v + ".sqlite"), RECORDS);
            lines.add(String.format("%-48s %,9.0f records/s  1.00 x raw  (load %s)",
                    "raw JDBC insert, PS schema, batches of " + RAW_BATCH, raw, rawLoad));
            Map<String, String> environment = new HashMap<>(variant.environment());
            environment.put("PS_JAVA_OPTS", JAVA_OPTS + (JFR ? " -XX:StartFlightRecording=filename="
                    + data.resolve("bench.jfr") + ",settings=profile" : ""));
            if (JFR) {
                environment.put("PS_CDS", "off"); // a JVM dumping its class archive (first start) records no JFR
            }
            PsServer server = PsServer.start(data, environment);
            try {
                String token = variant.tokens() ? HostileAuthIT.createToken(server, "bench").getString("token") : null;
                // warm-up, not measured: the JIT compiles the decoders and the writer first
                nativeInput(server, token, RECORDS / 4, SENDERS, "warm-native");
                pickleFrames(server, warmPickle, RECORDS / 4, "warm-pickle");
                Result nativeResult = nativeInput(server, token, RECORDS, SENDERS, "bench-native");
                lines.add(nativeResult.line("native, " + variant.name(), raw));
                Result pickleResult = pickleFrames(server, benchPickle, RECORDS, "bench-pickle");
                lines.add(pickleResult.line("pickle frames, " + (variant.tokens() ? "budget (no tokens in pickle)"
                        : variant.name()), raw));
                if (v == variants.size() - 1 && PYTHON > 0) {
                    Result python = pythonProcesses(server, PYTHON, SENDERS);
                    lines.add(python.line("real Python SocketHandler, " + variant.name().replace("+tokens", ""), raw));
                }
            } finally {
                server.stop();
            }
        }
        System.out.println();
        System.out.println("=== PS ingestion benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + RECORDS + " records per input, " + SENDERS + " senders, PS_JAVA_OPTS " + JAVA_OPTS + ") ===");
        lines.forEach(System.out::println);
        System.out.println();
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static LogEntry entry(String system, int sender, int i) {
        return new LogEntry()
                .created(System.currentTimeMillis())
                .level(Level.INFO)
                .lineno(42)
                .set(LogField.NAME, "bench.native")
                .set(LogField.MODULE, "ps.bench.Sender")
                .set(LogField.FUNCNAME, "send")
                .set(LogField.FILENAME, "Sender.java")
                .set(LogField.THREADNAME, "main")
                .set(LogField.MESSAGE, system + " sender " + sender + " record " + i + " of the ingestion benchmark")
                .set(LogField.SYSTEM_ID, system)
                .set(LogField.SUB_SYSTEM_ID, "bench-host")
                .set(LogField.PRODUKT_ID, "bench")
                .set(LogField.PACKAGE_VERSION, "1.2.3")
                .set(LogField.STAGE, "TESTING");
    }

    /** Raw JDBC: the same rows, one writer, batches of 5,000 per transaction, into PS's real schema. */
    static double rawInsert(Path file, int records) throws Exception {
        Database database = new Database(file);
        Migrations.migrate(database);
        String sql = "INSERT INTO log (created, received, levelno, lineno, seq, levelname, name, module, funcname,"
                + " filename, threadname, message, system_id, sub_system_id, produkt_id, package_version, stage,"
                + " input, peer, client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        long start = System.nanoTime();
        try (Connection connection = database.openForWriting(); PreparedStatement insert = connection.prepareStatement(sql)) {
            connection.setAutoCommit(false);
            for (int i = 1; i <= records; i++) {
                LogEntry e = entry("raw", 0, i);
                insert.setLong(1, e.created());
                insert.setLong(2, e.created());
                insert.setInt(3, e.levelno());
                insert.setInt(4, e.lineno());
                insert.setLong(5, i);
                insert.setString(6, e.get(LogField.LEVELNAME));
                insert.setString(7, e.get(LogField.NAME));
                insert.setString(8, e.get(LogField.MODULE));
                insert.setString(9, e.get(LogField.FUNCNAME));
                insert.setString(10, e.get(LogField.FILENAME));
                insert.setString(11, e.get(LogField.THREADNAME));
                insert.setString(12, e.get(LogField.MESSAGE));
                insert.setString(13, e.get(LogField.SYSTEM_ID));
                insert.setString(14, e.get(LogField.SUB_SYSTEM_ID));
                insert.setString(15, e.get(LogField.PRODUKT_ID));
                insert.setString(16, e.get(LogField.PACKAGE_VERSION));
                insert.setString(17, e.get(LogField.STAGE));
                insert.setString(18, "native");
                insert.setString(19, "/127.0.0.1:40000");
                insert.setString(20, "raw-client");
                insert.addBatch();
                if (i % RAW_BATCH == 0 || i == records) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
        }
        return records / seconds(start);
    }

    /** Native protocol: each sender replays its pre-encoded frames and waits for the final ACK. */
    static Result nativeInput(PsServer server, String token, int records, int senders, String system) throws Exception {
        int perSender = records / senders;
        List<byte[]> streams = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(perSender * 220);
            DataOutputStream out = new DataOutputStream(bytes);
            NativeProtocol.writeHello(out, "bench-sender-" + s + "-" + System.nanoTime(), token);
            for (int i = 1; i <= perSender; i++) {
                NativeProtocol.writeRecord(out, entry(system, s, i).seq(i));
            }
            out.flush();
            streams.add(bytes.toByteArray());
        }
        CyclicBarrier ready = new CyclicBarrier(senders + 1);
        CountDownLatch done = new CountDownLatch(senders);
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (byte[] stream : streams) {
            Thread thread = new Thread(() -> {
                try (Socket socket = new Socket("localhost", server.nativePort)) {
                    DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                    Thread acks = new Thread(() -> {
                        try {
                            NativeProtocol.Frame frame;
                            while ((frame = NativeProtocol.readFrame(in, 1 << 16)) != null) {
                                if (frame.type() == NativeProtocol.ACK && NativeProtocol.readAck(frame.body()) == perSender) {
                                    return;
                                }
                                if (frame.type() != NativeProtocol.ACK) {
                                    errors.add("frame of type " + frame.type() + ": "
                                            + new String(frame.body(), java.nio.charset.StandardCharsets.UTF_8));
                                    return;
                                }
                            }
                            errors.add("connection closed before the last ACK");
                        } catch (Exception e) {
                            errors.add(e.toString());
                        } finally {
                            done.countDown();
                        }
                    });
                    acks.start();
                    ready.await();
                    OutputStream out = socket.getOutputStream();
                    for (int offset = 0; offset < stream.length; offset += 1 << 16) {
                        out.write(stream, offset, Math.min(1 << 16, stream.length - offset));
                    }
                    out.flush();
                    acks.join();
                } catch (Exception e) {
                    errors.add(e.toString());
                }
            });
            thread.start();
            threads.add(thread);
        }
        ready.await();
        long start = System.nanoTime();
        done.await();
        double elapsed = seconds(start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), errors, "native senders of " + system);
        return Result.of(server, system, "client_id || '/' || seq", records, elapsed);
    }

    /** SocketHandler frames made by CPython, one stream per sender, system ids {@code system-<sender>}. */
    static List<byte[]> pickleStreams(Path dir, int records, int senders, String system) throws Exception {
        List<byte[]> streams = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Path file = dir.resolve(system + "-" + s + ".bin");
            python("pickle_frames.py", Integer.toString(records / senders), system + "-" + s, file.toString());
            streams.add(Files.readAllBytes(file));
        }
        return streams;
    }

    /** Replays the frames at full speed, one connection per stream; pickle has no ACK, so poll the store. */
    static Result pickleFrames(PsServer server, List<byte[]> streams, int records, String system) throws Exception {
        CyclicBarrier ready = new CyclicBarrier(streams.size() + 1);
        List<Thread> threads = new ArrayList<>();
        for (byte[] stream : streams) {
            Thread thread = new Thread(() -> {
                try (Socket socket = new Socket("localhost", server.picklePort)) {
                    ready.await();
                    OutputStream out = socket.getOutputStream();
                    for (int offset = 0; offset < stream.length; offset += 1 << 16) {
                        out.write(stream, offset, Math.min(1 << 16, stream.length - offset));
                    }
                    out.flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        long idBefore = maxId(server);
        ready.await();
        long start = System.nanoTime();
        double elapsed = awaitStored(server, "system_id LIKE '" + system + "-%'", records, idBefore, start);
        for (Thread thread : threads) {
            thread.join();
        }
        return Result.of(server, system + "-%", "system_id || '/' || message", records, elapsed);
    }

    /** C real CPython processes logging through logging.handlers.SocketHandler. */
    static Result pythonProcesses(PsServer server, int records, int senders) throws Exception {
        int perSender = records / senders;
        List<Process> processes = new ArrayList<>();
        long idBefore = maxId(server);
        long start = System.nanoTime();
        for (int s = 0; s < senders; s++) {
            processes.add(pythonProcess("socket_handler_sender.py", "localhost", Integer.toString(server.picklePort),
                    Integer.toString(perSender), "bench-python-" + s));
        }
        double elapsed = awaitStored(server, "system_id LIKE 'bench-python-%'", records, idBefore, start);
        for (Process process : processes) {
            process.waitFor();
        }
        return Result.of(server, "bench-python-%", "system_id || '/' || message", records, elapsed);
    }

    /**
     * Polls the store until the records are there or nothing new arrived for 30 s; returns seconds. It polls
     * the largest id (one index look-up) and counts the records only once enough new rows are there: a
     * {@code count(*) ... LIKE} every 20 ms scanned the whole table each time (0.14-0.24 s at 0.6-1M rows),
     * which kept one of the 2 cores busy in this JVM while the pickle and Python figures were measured.
     */
    static double awaitStored(PsServer server, String where, long expected, long idBefore, long start)
            throws Exception {
        long last = -1;
        long lastChange = System.nanoTime();
        long lastStoredAt = start;
        while (System.nanoTime() - lastChange < 30_000_000_000L) {
            long maxId = maxId(server);
            if (maxId != last) {
                last = maxId;
                lastChange = System.nanoTime();
                lastStoredAt = lastChange;
            }
            // other rows (PS's own log) may take ids too: the count decides
            if (maxId - idBefore >= expected
                    && server.countInDatabase("SELECT count(*) FROM log WHERE " + where) >= expected) {
                break;
            }
            Thread.sleep(20);
        }
        return (lastStoredAt - start) / 1e9;
    }

    static long maxId(PsServer server) throws Exception {
        return server.countInDatabase("SELECT coalesce(max(id), 0) FROM log");
    }

    static Path script(String name) throws Exception {
        return Path.of(IngestBenchmark.class.getResource("/python/" + name).toURI());
    }

    static void python(String script, String... args) throws Exception {
        Process process = pythonProcess(script, args);
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }

    static Process pythonProcess(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", script(script).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    record Result(long stored, long distinct, long expected, double seconds, double rate, String load) {
        static Result of(PsServer server, String systemPattern, String identity, long expected, double seconds)
                throws Exception {
            String load = loadAverage();
            String where = " FROM log WHERE system_id LIKE '" + systemPattern + "'";
            long stored = server.countInDatabase("SELECT count(*)" + where);
            long distinct = server.countInDatabase("SELECT count(DISTINCT " + identity + ")" + where);
            return new Result(stored, distinct, expected, seconds, distinct / seconds, load);
        }

        String line(String what, double raw) {
            return String.format("%-48s %,9.0f records/s  %.2f x raw  %,d records in %.2f s, %,d lost, %,d duplicated (load %s)",
                    what, rate, rate / raw, expected, seconds, expected - distinct, stored - distinct, load);
        }
    }
}
