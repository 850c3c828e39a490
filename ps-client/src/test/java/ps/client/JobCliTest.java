package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JobCliTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return JobCli.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void usageMistakesExitTwo() {
        assertEquals(2, run("--run"));
        assertEquals(2, run("--run", "backup", "--param", "novalue", "--password", "x"));
        assertEquals(2, run("--run", "backup", "--bogus", "1", "--password", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
    }

    @Test
    void anUnreachableServerExitsThree() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertEquals(3, run("--run", "backup", "--url", "http://127.0.0.1:" + port, "--password", "x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot be reached"));
    }

    @Test
    void parametersAreSentAsJsonAndOutputIsUnescaped() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("path", "C:\\tmp \"x\"");
        parameters.put("n", "1\n2");
        assertEquals("{\"path\":\"C:\\\\tmp \\\"x\\\"\",\"n\":\"1\\n2\"}", JobCli.json(parameters));
        assertEquals("a\"b\\c\u00e9\n", JobCli.unescape("a\\\"b\\\\c\\u00e9\\n"));
        assertTrue(JobCli.wanted(new String[] {"--url", "x", "--run", "job"}));
    }
}
