package ps.batch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptProcessTest {
    @TempDir
    Path dir;

    private ScriptProcess.Outcome run(String script, Duration timeout, List<ScriptProcess.Line> lines) throws Exception {
        Path file = dir.resolve("s.sh");
        Files.writeString(file, script);
        return new ScriptProcess(file, dir, Map.of("GREETING", "hi"), timeout, Thread::new).run(lines::addAll);
    }

    @Test
    void linesOfBothStreamsAndTheExitCode() throws Exception {
        List<ScriptProcess.Line> lines = new ArrayList<>();
        ScriptProcess.Outcome outcome = run("echo $GREETING\necho err >&2\nfor i in $(seq 1 500); do echo $i; done\nexit 3\n",
                Duration.ofSeconds(20), lines);
        assertEquals(3, outcome.exitCode());
        assertFalse(outcome.timedOut());
        assertEquals(502, lines.size());
        assertEquals("hi", lines.stream().filter(line -> !line.stderr()).findFirst().orElseThrow().text());
        assertTrue(lines.stream().anyMatch(line -> line.stderr() && line.text().equals("err")));
        assertEquals(502, outcome.lines());
    }

    @Test
    void aTimeoutKillsTheWholeTree() throws Exception {
        Path pid = dir.resolve("child.pid");
        List<ScriptProcess.Line> lines = new ArrayList<>();
        long started = System.nanoTime();
        ScriptProcess.Outcome outcome = run("bash -c 'sleep 300' &\necho $! > " + pid + "\nsleep 300\n", Duration.ofMillis(800), lines);
        assertTrue(outcome.timedOut());
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos());
        long child = Long.parseLong(Files.readString(pid).trim());
        Thread.sleep(200);
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the background child is gone too");
    }

    @Test
    void aStoppedScriptRunsNoFurtherCommand() throws Exception {
        // the script must not get the chance to go on when its running command is killed: a few tries, as it is a race
        for (int attempt = 0; attempt < 3; attempt++) {
            Path file = dir.resolve("stop" + attempt + ".sh");
            Path marker = dir.resolve("after-stop" + attempt);
            Files.writeString(file, "echo started\nsleep 30\ntouch " + marker + "\n");
            ScriptProcess process = new ScriptProcess(file, dir, Map.of(), Duration.ofSeconds(60), Thread::new);
            List<ScriptProcess.Line> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CompletableFuture<ScriptProcess.Outcome> outcome = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            return process.run(lines::addAll);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lines.isEmpty() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            Thread.sleep(100); // the sleep has started
            process.stop();
            assertTrue(outcome.get(20, java.util.concurrent.TimeUnit.SECONDS).stopped());
            assertFalse(Files.exists(marker), "attempt " + attempt + ": the command after the killed one ran");
        }
    }

    @Test
    void templatesQuoteValuesForTheShell() throws Exception {
        Path template = dir.resolve("t.sh");
        Files.writeString(template, "echo {{who}}\necho {{{raw}}}\n");
        String script = ScriptTemplate.render(template, Map.of("who", "a'b; rm -rf x", "raw", "$HOME"));
        assertEquals("echo 'a'\\''b; rm -rf x'\necho $HOME\n", script);
    }
}
