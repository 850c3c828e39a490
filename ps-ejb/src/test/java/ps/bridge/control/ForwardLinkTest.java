package ps.bridge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;
import ps.store.entity.LogRow;

/** The forward link against a real downstream socket that refuses what a real bridge would refuse. */
class ForwardLinkTest {
    private final List<LogRow> rows = new CopyOnWriteArrayList<>();
    private final List<LogEntry> received = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final Map<Long, String> deadLetters = new ConcurrentHashMap<>();
    private final AtomicLong persisted = new AtomicLong();
    private ServerSocket downstream;
    private ForwardLink link;

    @AfterEach
    void stop() throws IOException {
        if (link != null) {
            link.stop();
        }
        if (downstream != null) {
            downstream.close();
        }
    }

    private void row(long id, String message, String route) {
        LogEntry entry = new LogEntry().created(id).level(Level.INFO).set(LogField.MESSAGE, message);
        if (route != null) {
            entry.set(LogField.ROUTE, route);
        }
        rows.add(new LogRow(id, entry));
    }

    /** A downstream like the bridge: acks what it stores; a "poison" record gets ACK of the ones before, ERROR, close. */
    private void startDownstream() throws IOException {
        downstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!downstream.isClosed()) {
                try {
                    Socket socket = downstream.accept();
                    Thread serving = new Thread(() -> serve(socket));
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            tokens.add(String.valueOf(NativeProtocol.hello(NativeProtocol.readFrame(in, 1 << 20).body()).token()));
            long last = 0;
            NativeProtocol.Frame frame;
            while ((frame = NativeProtocol.readFrame(in, 1 << 20)) != null) {
                LogEntry entry = NativeProtocol.readRecord(frame.body());
                if (entry.get(LogField.MESSAGE).startsWith("poison")) {
                    if (last > 0) {
                        NativeProtocol.writeAck(out, last);
                    }
                    NativeProtocol.writeError(out, "RECORD refused for testing");
                    return;
                }
                if (entry.get(LogField.MESSAGE).startsWith("refuse alone")) {
                    // as the bridge does with bad content in an intact frame: REFUSED, then the ACK covers it
                    NativeProtocol.writeRefused(out, entry.seq(), "refused alone for testing");
                    last = entry.seq();
                    if (in.available() == 0) {
                        NativeProtocol.writeAck(out, last);
                        out.flush();
                    }
                    continue;
                }
                if (received.stream().noneMatch(r -> r.seq() == entry.seq())) {
                    received.add(entry);
                }
                last = entry.seq();
                if (in.available() == 0) {
                    NativeProtocol.writeAck(out, last);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // connection over
        }
    }

    private void startLink(int maxHops) {
        ForwardLink.Downstream target = new ForwardLink.Downstream(InetAddress.getLoopbackAddress().getHostAddress(),
                downstream.getLocalPort(), "forwarder-1", "ps_forward-token", null);
        link = new ForwardLink(target, 0, "ps-self", maxHops, new ForwardLink.Store(
                (after, limit) -> {
                    List<LogRow> result = new ArrayList<>();
                    for (LogRow row : rows) {
                        if (row.id() > after && result.size() < limit) {
                            result.add(row);
                        }
                    }
                    return result;
                },
                persisted::set, n -> { }, (row, reason) -> deadLetters.put(row.id(), reason)));
        Thread thread = new Thread(link, "forward-test");
        thread.setDaemon(true);
        thread.start();
    }

    private List<String> messages() {
        return received.stream().map(e -> e.get(LogField.MESSAGE)).toList();
    }

    private void awaitAcked(long id) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (link.ackedId() < id && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(id, link.ackedId(), () -> "cursor; received " + messages() + ", dead " + deadLetters);
    }

    @Test
    void aRefusedRecordGoesToTheDeadLettersAndTheRestIsForwarded() throws Exception {
        startDownstream();
        row(1, "one", null);
        row(2, "two", null);
        row(3, "poison three", null);
        row(4, "four", null);
        row(5, "poison five", null);
        startLink(8);

        awaitAcked(5);
        assertEquals(List.of("one", "two", "four"), messages());
        assertEquals(Map.of(3L, "RECORD refused for testing", 5L, "RECORD refused for testing"), deadLetters);
        assertEquals(2, link.deadLetters());
        row(6, "six", null);
        awaitAcked(6);
        assertEquals(List.of("one", "two", "four", "six"), messages());
        assertTrue(tokens.stream().allMatch("ps_forward-token"::equals), tokens.toString());
        assertTrue(persisted.get() >= 5, "the cursor is persisted past the dead letters");
    }

    @Test
    void aRecordRefusedAloneGoesToTheDeadLettersAndTheConnectionGoesOn() throws Exception {
        startDownstream();
        row(1, "one", null);
        row(2, "refuse alone two", null);
        row(3, "three", null);
        startLink(8);

        awaitAcked(3);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (deadLetters.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("one", "three"), messages());
        assertEquals(Map.of(2L, "refused alone for testing"), deadLetters);
        assertEquals(1, link.deadLetters());
        assertEquals(1, tokens.size(), "one connection: a record refused alone does not end it");
    }

    @Test
    void recordsThatPassedThisPsOrMadeTooManyHopsAreNotForwardedAndTheRestCarryTheRoute() throws Exception {
        startDownstream();
        row(1, "fresh", null);
        row(2, "came back", "ps-a,ps-self,ps-b");
        row(3, "far travelled", "ps-1,ps-2,ps-3");
        row(4, "one hop", "ps-a");
        startLink(3);

        awaitAcked(4);
        assertEquals(List.of("fresh", "one hop"), messages());
        assertEquals(List.of("ps-self", "ps-a,ps-self"), received.stream().map(e -> e.get(LogField.ROUTE)).toList());
        assertEquals(1, link.looped());
        assertEquals(1, link.tooManyHops());
    }

    @Test
    void onlySkippedRecordsStillMoveTheCursor() throws Exception {
        startDownstream();
        row(1, "looped 1", "ps-self");
        row(2, "looped 2", "ps-self");
        startLink(8);

        awaitAcked(2);
        assertEquals(List.of(), messages());
        assertEquals(2, link.looped());
    }
}
