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
import java.util.List;
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
 * The ingestion benchmark (bin/ps-bench; not part of the test run). It starts PS, sends records from C
 * concurrent senders — pre-encoded native frames, pre-encoded pickle frames (so the sender is not the
 * bottleneck), and real Python SocketHandler processes — waits until every record is stored and prints
 * records/s stored, lost and duplicated. In the same run it inserts the same rows with raw JDBC batches
 * into a fresh SQLite file with PS's real schema and indexes, the ceiling PS is measured against.
 * Sizes: -Dbench.records (per input, default 400000), -Dbench.senders (4), -Dbench.python (40000).
 */
class IngestBenchmark {
    private static final int RECORDS = Integer.getInteger("bench.records", 400_000);
    private static final int SENDERS = Integer.getInteger("bench.senders", 4);
    private static final int PYTHON = Integer.getInteger("bench.python", 40_000);
    private static final int RAW_BATCH = 5_000;

    @Test
    void ingest() throws Exception {
        Path dir = PsServer.dataDir("bench");
        double raw = rawInsert(dir.resolve("raw.sqlite"), RECORDS);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("raw JDBC insert, PS schema, batches of %d: %,.0f records/s", RAW_BATCH, raw));

        PsServer server = PsServer.start(dir.resolve("ps"));
        try {
            // warm-up, not measured: the JIT compiles the decoders and the writer first
            nativeInput(server, RECORDS / 4, SENDERS, "warm-native");
            pickleFrames(server, dir, RECORDS / 4, SENDERS, "warm-pickle");
            Result nativeResult = nativeInput(server, RECORDS, SENDERS, "bench-native");
            lines.add(nativeResult.line("native, pre-encoded frames", RECORDS, SENDERS)
                    + String.format(" = %.2f x raw", nativeResult.rate / raw));
            Result pickleResult = pickleFrames(server, dir, RECORDS, SENDERS, "bench-pickle");
            lines.add(pickleResult.line("pickle, pre-encoded SocketHandler frames", RECORDS, SENDERS));
            Result python = pythonProcesses(server, PYTHON, SENDERS);
            lines.add(python.line("pickle, real Python SocketHandler processes", PYTHON, SENDERS));
        } finally {
            server.stop();
        }
        System.out.println();
        System.out.println("=== PS ingestion benchmark (" + Runtime.getRuntime().availableProcessors() + " cores) ===");
        lines.forEach(System.out::println);
        System.out.println();
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
    static Result nativeInput(PsServer server, int records, int senders, String system) throws Exception {
        int perSender = records / senders;
        List<byte[]> streams = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(perSender * 220);
            DataOutputStream out = new DataOutputStream(bytes);
            NativeProtocol.writeHello(out, "bench-sender-" + s + "-" + System.nanoTime());
            for (int i = 1; i <= perSender; i++) {
                NativeProtocol.writeRecord(out, entry(system, s, i).seq(i));
            }
            out.flush();
            streams.add(bytes.toByteArray());
        }
        CyclicBarrier ready = new CyclicBarrier(senders + 1);
        CountDownLatch done = new CountDownLatch(senders);
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
                                    done.countDown();
                                    return;
                                }
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
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
                    throw new IllegalStateException(e);
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
        return Result.of(server, system, "client_id || '/' || seq", records, elapsed);
    }

    /** SocketHandler frames made by CPython, replayed at full speed; pickle has no ACK, so poll the store. */
    static Result pickleFrames(PsServer server, Path dir, int records, int senders, String system) throws Exception {
        int perSender = records / senders;
        List<byte[]> streams = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Path file = dir.resolve(system + "-" + s + ".bin");
            python("pickle_frames.py", Integer.toString(perSender), system + "-" + s, file.toString());
            streams.add(Files.readAllBytes(file));
        }
        CyclicBarrier ready = new CyclicBarrier(senders + 1);
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
        ready.await();
        long start = System.nanoTime();
        double elapsed = awaitStored(server, "system_id LIKE '" + system + "-%'", records, start);
        for (Thread thread : threads) {
            thread.join();
        }
        return Result.of(server, system + "-%", "system_id || '/' || message", records, elapsed);
    }

    /** C real CPython processes logging through logging.handlers.SocketHandler. */
    static Result pythonProcesses(PsServer server, int records, int senders) throws Exception {
        int perSender = records / senders;
        List<Process> processes = new ArrayList<>();
        long start = System.nanoTime();
        for (int s = 0; s < senders; s++) {
            processes.add(pythonProcess("socket_handler_sender.py", "localhost", Integer.toString(server.picklePort),
                    Integer.toString(perSender), "bench-python-" + s));
        }
        double elapsed = awaitStored(server, "system_id LIKE 'bench-python-%'", records, start);
        for (Process process : processes) {
            process.waitFor();
        }
        return Result.of(server, "bench-python-%", "system_id || '/' || message", records, elapsed);
    }

    /** Polls the store until the records are there or nothing new arrived for 30 s; returns seconds. */
    static double awaitStored(PsServer server, String where, long expected, long start) throws Exception {
        long last = -1;
        long lastChange = System.nanoTime();
        long lastStoredAt = start;
        while (System.nanoTime() - lastChange < 30_000_000_000L) {
            long count = server.countInDatabase("SELECT count(*) FROM log WHERE " + where);
            if (count != last) {
                last = count;
                lastChange = System.nanoTime();
                lastStoredAt = lastChange;
            }
            if (count >= expected) {
                break;
            }
            Thread.sleep(20);
        }
        return (lastStoredAt - start) / 1e9;
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

    record Result(long stored, long distinct, long expected, double seconds, double rate) {
        static Result of(PsServer server, String systemPattern, String identity, long expected, double seconds)
                throws Exception {
            String where = " FROM log WHERE system_id LIKE '" + systemPattern + "'";
            long stored = server.countInDatabase("SELECT count(*)" + where);
            long distinct = server.countInDatabase("SELECT count(DISTINCT " + identity + ")" + where);
            return new Result(stored, distinct, expected, seconds, distinct / seconds);
        }

        String line(String what, long records, int senders) {
            return String.format("%-46s %,d records from %d senders in %.2f s: %,.0f records/s stored, %,d lost, %,d duplicated",
                    what, records, senders, seconds, rate, expected - distinct, stored - distinct);
        }
    }
}
