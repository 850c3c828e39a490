package ps.system;

import java.io.OutputStream;
import java.net.Socket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile input on the bridge's TCP inputs. Every case ends with {@link Hostile#assertStillWell(String)}:
 * PS alive and ready, heap under the cap, another client's good record acknowledged within a second, no
 * acknowledged record lost.
 */
class HostileBridgeIT {
    static Hostile ps;

    @BeforeAll
    static void start() throws Exception {
        ps = Hostile.start("bridge");
    }

    @AfterAll
    static void stop() throws Exception {
        if (ps != null) {
            ps.close();
        }
    }

    @BeforeEach
    void mark() throws Exception {
        ps.mark();
    }

    @Test
    void garbageOnTheNativePortIsRefusedOnceAndPsStaysWell() throws Exception {
        try (Socket socket = new Socket("localhost", ps.server.nativePort)) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0, 0, 0, 5, 'G', 'A', 'R', 'B', 'G'});
            out.flush();
            socket.shutdownOutput();
            while (socket.getInputStream().read() >= 0) {
                // until the bridge closes
            }
        }
        ps.assertLoggedOnce("on native: expected HELLO");
        ps.assertStillWell("garbage on the native port");
    }
}
