package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import ps.client.wire.NativeProtocol;

/**
 * The bridge's soak (benchmark profile, not the normal suite; bin/ps-soak): for {@code -Dsoak.seconds}
 * (default 600) 4 native senders send at full speed while 200 idle and 50 slow connections sit on the
 * inputs and a stream of malformed frames arrives; every 30 s it prints records/s stored, the peak heap
 * so far and the refusals counted by /api/bridge. At the end every acknowledged record must be stored
 * once, and PS must still be well.
 */
class IngestSoak {
    private static final int SECONDS = Integer.getInteger("soak.seconds", 600);
    private static final int SENDERS = 4;
    private static final int WINDOW = 10_000;

    private final AtomicLong acked = new AtomicLong();
    private volatile boolean running = true;

    @Test
    void soak() throws Exception {
        try (Hostile ps = Hostile.start("soak")) {
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                threads.add(start("sender-" + s, senderLoop(ps, "soak-sender-" + s)));
            }
            threads.add(start("idle", idleLoop(ps)));
            threads.add(start("slow", slowLoop(ps)));
            threads.add(start("malformed", malformedLoop(ps)));

            long startNanos = System.nanoTime();
            long end = startNanos + SECONDS * Hostile.SECOND_NANOS;
            long lastStored = 0;
            long lastNanos = startNanos;
            System.out.println("=== PS bridge soak: " + SECONDS + " s, " + SENDERS
                    + " native senders, 200 idle, 50 slow connections, malformed frames ===");
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(30_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                long stored = ps.server.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'soak'");
                long now = System.nanoTime();
                System.out.printf("soak %4d s: %,8.0f records/s stored (%,d in all, %,d acked), peak heap %d MiB,"
                                + " refused %s%n", (now - startNanos) / Hostile.SECOND_NANOS,
                        (stored - lastStored) / ((now - lastNanos) / 1e9), stored, acked.get(),
                        ps.peakHeapBytes() >> 20, refusals(ps));
                lastStored = stored;
                lastNanos = now;
                assertTrue(ps.server.isAlive(), "PS is gone");
            }
            running = false;
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            long ackedAll = acked.get();
            long stored = ps.server.countInDatabase("SELECT count(*) FROM log WHERE system_id = 'soak'");
            long distinct = ps.server.countInDatabase(
                    "SELECT count(DISTINCT client_id || '/' || seq) FROM log WHERE system_id = 'soak'");
            System.out.printf("soak end: %,d acked, %,d stored, %,d duplicated%n", ackedAll, stored, stored - distinct);
            assertTrue(ackedAll > 0, "the senders got acknowledgements");
            assertTrue(stored >= ackedAll, "every acknowledged record is stored");
            assertEquals(distinct, stored, "no record stored twice");
            ps.assertStillWell("the soak");
        }
    }

    private Thread start(String name, Runnable loop) {
        Thread thread = new Thread(loop, "soak-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Sends records as fast as the window of unacknowledged records allows; reconnects when closed. */
    private Runnable senderLoop(Hostile ps, String client) {
        return () -> {
            AtomicLong ackedHere = new AtomicLong();
            long seq = 0;
            while (running) {
                try (Socket socket = new Socket("localhost", ps.server.nativePort)) {
                    DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                    Thread acks = start(client + "-acks", () -> {
                        try {
                            NativeProtocol.Frame frame;
                            while ((frame = NativeProtocol.readFrame(in, 1 << 16)) != null) {
                                if (frame.type() == NativeProtocol.ACK) {
                                    long ack = NativeProtocol.readAck(frame.body());
                                    acked.addAndGet(ack - ackedHere.getAndSet(ack));
                                }
                            }
                        } catch (IOException e) {
                            // closed
                        }
                    });
                    OutputStream out = socket.getOutputStream();
                    DataOutputStream hello = new DataOutputStream(out);
                    NativeProtocol.writeHello(hello, client);
                    seq = ackedHere.get(); // resend what was not acknowledged
                    while (running && acks.isAlive()) {
                        if (seq - ackedHere.get() >= WINDOW) {
                            Thread.sleep(1);
                            continue;
                        }
                        ByteArrayOutputStream chunk = new ByteArrayOutputStream(64 * 1024);
                        DataOutputStream frames = new DataOutputStream(chunk);
                        for (int i = 0; i < 500; i++) {
                            NativeProtocol.writeRecord(frames, IngestBenchmark.entry("soak", 0, (int) ++seq).seq(seq));
                        }
                        frames.flush();
                        out.write(chunk.toByteArray());
                    }
                    out.flush();
                    long deadline = System.nanoTime() + 30 * Hostile.SECOND_NANOS;
                    while (ackedHere.get() < seq && acks.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                } catch (IOException e) {
                    sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        };
    }

    /** 200 connections (50 per input) that send nothing; reopened as the idle timeout closes them. */
    private Runnable idleLoop(Hostile ps) {
        int[] ports = {ps.server.nativePort, ps.server.picklePort, ps.server.gelfPort, ps.server.syslogPort};
        return () -> {
            List<Socket> sockets = new ArrayList<>();
            while (running) {
                sockets.removeIf(socket -> {
                    try {
                        socket.setSoTimeout(1);
                        return socket.getInputStream().read() < 0;
                    } catch (java.net.SocketTimeoutException e) {
                        return false;
                    } catch (IOException e) {
                        return true;
                    }
                });
                try {
                    while (sockets.size() < 200) {
                        sockets.add(new Socket("localhost", ports[sockets.size() % 4]));
                    }
                } catch (IOException e) {
                    // refused: try again next round
                }
                sleep(1000);
            }
            sockets.forEach(IngestSoak::closeQuietly);
        };
    }

    /** 50 syslog connections trickling one byte a second; the record timeout closes them, and they return. */
    private Runnable slowLoop(Hostile ps) {
        byte[] line = "<14>1 2026-11-26T12:00:00Z host slow - - - a record sent one byte a second\n".getBytes(StandardCharsets.US_ASCII);
        return () -> {
            List<Socket> sockets = new ArrayList<>();
            List<int[]> positions = new ArrayList<>();
            while (running) {
                for (int i = 0; i < sockets.size(); i++) {
                    try {
                        int[] at = positions.get(i);
                        sockets.get(i).getOutputStream().write(line[at[0]++ % line.length]);
                    } catch (IOException e) {
                        closeQuietly(sockets.remove(i));
                        positions.remove(i);
                        i--;
                    }
                }
                try {
                    while (sockets.size() < 50) {
                        sockets.add(new Socket("localhost", ps.server.syslogPort));
                        positions.add(new int[1]);
                    }
                } catch (IOException e) {
                    // refused: try again next round
                }
                sleep(1000);
            }
            sockets.forEach(IngestSoak::closeQuietly);
        };
    }

    /** A bad GELF message every 100 ms on one connection (refused alone) and native garbage every second. */
    private Runnable malformedLoop(Hostile ps) {
        byte[] badJson = "{\"version\":\"1.1\",\"host\":\0".getBytes(StandardCharsets.UTF_8);
        return () -> {
            Socket gelf = null;
            int round = 0;
            while (running) {
                try {
                    if (gelf == null) {
                        gelf = new Socket("localhost", ps.server.gelfPort);
                    }
                    gelf.getOutputStream().write(badJson);
                    if (++round % 10 == 0) {
                        try (Socket garbage = new Socket("localhost", ps.server.nativePort)) {
                            garbage.getOutputStream().write(new byte[] {0, 0, 0, 5, 'G', 'A', 'R', 'B', 'G'});
                        }
                    }
                } catch (IOException e) {
                    closeQuietly(gelf);
                    gelf = null;
                }
                sleep(100);
            }
            closeQuietly(gelf);
        };
    }

    private static String refusals(Hostile ps) {
        try {
            JsonObject inputs = Json.createReader(new StringReader(ps.server.get("/api/bridge").body())).readObject()
                    .getJsonObject("inputs");
            StringBuilder text = new StringBuilder();
            for (String input : inputs.keySet()) {
                JsonObject counters = inputs.getJsonObject(input);
                text.append(input).append(' ').append(counters.getJsonNumber("refused_input").longValue())
                        .append('/').append(counters.getJsonNumber("refused_connections").longValue()).append(' ');
            }
            return text.append("(input/connections)").toString();
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "(no /api/bridge: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
