package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The single file: {@code java -jar ps.jar} with the usual settings starts PS, ready, storing records. */
class RunnableJarIT {

    @Test
    void javaDashJarStartsAReadyPs() throws Exception {
        Path dataDir = PsServer.dataDir("runnable-jar");
        try (PsServer server = PsServer.createRunnableJar(dataDir, Map.of())) {
            // a longer bound than PsServer's 180 s: on the shared 2-core machine (load average 45) starts took longer
            server.launch(java.time.Duration.ofMinutes(8));
            assertTrue(server.getAnonymously("/health/ready").body().contains("\"name\":\"ps-web-deployed\",\"status\":\"UP\""));
            Process cli = RecordPathIT.cli("--port", Integer.toString(server.nativePort), "--system", "one-file", "from ps.jar");
            assertEquals(0, cli.waitFor(), () -> RecordPathIT.output(cli));
            assertEquals("from ps.jar", server.logs("system_id=one-file").getJsonArray("records").getJsonObject(0).getString("message"));
            assertTrue(Files.isRegularFile(dataDir.resolve("runtime/ps-rar.rar")), "applications copied out under the data dir");
        }
    }

    @Test
    void aBadStageStopsItWithExitTwo() throws Exception {
        PsServer server = PsServer.createRunnableJar(PsServer.dataDir("runnable-jar-stage"), Map.of("PS_STAGE", "STAGING"));
        server.launchOnly();
        assertEquals(2, server.awaitExit(java.time.Duration.ofSeconds(60)));
        List<String> lines = server.log().lines().filter(line -> line.startsWith("ps: ")).toList();
        assertEquals(List.of("ps: PS_STAGE='STAGING' is not a stage: use TESTING, DEVELOPMENT, INTEGRATION or PRODUCTION"), lines);
    }
}
