package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Stored records survive a restart; a bad stage stops start-up with a clear message (other failed starts: {@link StartFailureIT}). */
class RestartIT {

    @Test
    void recordsSurviveARestart() throws Exception {
        PsServer server = PsServer.start(PsServer.dataDir("restart"));
        try {
            for (int i = 0; i < 3; i++) {
                send(server, "before restart " + i);
            }
            assertTrue(server.stop(), "stops by itself on SIGTERM");

            server.launch();
            HttpResponse<String> ready = server.getAnonymously("/health/ready");
            assertTrue(ready.body().contains("\"name\":\"ps-web-deployed\",\"status\":\"UP\""), ready.body());
            assertEquals(3, server.logs("system_id=restarts").getJsonArray("records").size());
            send(server, "after restart");
            assertEquals(4, server.logs("system_id=restarts").getJsonArray("records").size());
        } finally {
            server.stop();
        }
    }

    private static void send(PsServer server, String message) throws Exception {
        Process cli = RecordPathIT.cli("--port", Integer.toString(server.nativePort), "--system", "restarts", message);
        assertEquals(0, cli.waitFor(), () -> RecordPathIT.output(cli));
    }

    @Test
    void unknownStageStopsStartUpWithAClearMessage() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(PsServer.RUNTIME.resolve("ps-run").toAbsolutePath().toString());
        builder.environment().putAll(Map.of("PS_STAGE", "STAGING", "PS_DATA_DIR", PsServer.dataDir("bad-stage").toString()));
        Process run = builder.redirectErrorStream(true).start();
        assertEquals(2, run.waitFor());
        String output = RecordPathIT.output(run);
        assertTrue(output.contains("PS_STAGE='STAGING' is not a stage"), output);
    }
}
