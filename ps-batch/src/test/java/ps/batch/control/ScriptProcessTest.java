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

    private List<String> renderAndRun(String template, Map<String, String> parameters) throws Exception {
        Path file = dir.resolve("t.sh");
        Files.writeString(file, template);
        Map<String, String> references = new java.util.HashMap<>();
        parameters.keySet().forEach(name -> references.put(name, ScriptEnvironment.variable(name)));
        Path script = dir.resolve("rendered.sh");
        Files.writeString(script, ScriptTemplate.render(file, references, java.util.Set.of()));
        List<ScriptProcess.Line> lines = new ArrayList<>();
        ScriptProcess.Outcome outcome = new ScriptProcess(script, dir, ScriptEnvironment.of(System.getenv(), List.of(),
                Map.of(), parameters), Duration.ofSeconds(20), Thread::new).run(lines::addAll);
        assertEquals(0, outcome.exitCode(), () -> "script failed: " + lines.stream().map(ScriptProcess.Line::text).toList());
        return lines.stream().map(ScriptProcess.Line::text).toList();
    }

    @Test
    void aParameterIsNeverShellTextWhereverItsTagStands() throws Exception {
        Path marker = dir.resolve("x");
        String hostile = "$(touch " + marker + ") `touch " + marker + "` \"; touch " + marker + "; echo '  *  \\";
        String template = String.join("\n",
                "echo \"backup to {{target}}\"",
                "echo {{target}}",
                "echo 'single {{target}} quoted'",
                "echo \"$(echo \"inner {{target}}\")\"",
                "# a comment mentioning {{target}}",
                "cat <<EOF",
                "doc {{target}}",
                "EOF",
                "printf '%s\\n' {{{target}}}",
                "echo after",
                "");
        List<String> lines = renderAndRun(template, Map.of("target", hostile));
        assertFalse(Files.exists(marker), "a parameter ran a command");
        assertEquals(List.of("backup to " + hostile, hostile, "single " + hostile + " quoted", "inner " + hostile,
                "doc " + hostile, hostile, "after"), lines);
    }

    @Test
    void theTemplateHoldsReferencesNotValues() throws Exception {
        Path file = dir.resolve("t.sh");
        Files.writeString(file, "echo \"to {{target}}\"\ntar czf {{target}}/x.tgz\necho {{gone}}.\n");
        String script = ScriptTemplate.render(file, Map.of("target", "PS_PARAM_TARGET"), java.util.Set.of("gone"));
        assertEquals("echo \"to ${PS_PARAM_TARGET}\"\ntar czf \"${PS_PARAM_TARGET}\"/x.tgz\necho .\n", script);
    }

    @Test
    void scriptsSeeNoSecretOfTheServer() throws Exception {
        Map<String, String> server = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/ps", "PS_ADMIN_PASSWORD", "secret",
                "PS_SMTP_PASSWORD", "smtp", "PS_TOKEN", "t", "PS_BACKUP_KEY", "k", "AWS_SECRET_ACCESS_KEY", "a");
        Map<String, String> environment = ScriptEnvironment.of(server, List.of("PS_BACKUP_KEY"), Map.of("PS_JOB", "j"),
                Map.of("target", "/srv"));
        assertEquals(Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/ps", "PS_BACKUP_KEY", "k", "PS_JOB", "j",
                "PS_PARAM_TARGET", "/srv"), environment);
        Path script = dir.resolve("env.sh");
        Files.writeString(script, "env | cut -d= -f1 | sort\n");
        List<ScriptProcess.Line> lines = new ArrayList<>();
        new ScriptProcess(script, dir, environment, Duration.ofSeconds(20), Thread::new).run(lines::addAll);
        List<String> names = lines.stream().map(ScriptProcess.Line::text).toList();
        assertFalse(names.contains("PS_ADMIN_PASSWORD"), names.toString());
        assertTrue(names.contains("PS_BACKUP_KEY"), names.toString());
    }

    @Test
    void parameterNamesAreVariableNames() {
        ScriptEnvironment.checkNames(List.of("target", "keep_days", "_x"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ScriptEnvironment.checkNames(List.of("a-b"))).getMessage().contains("'a-b'"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ScriptEnvironment.checkNames(List.of("keep", "KEEP"))).getMessage().contains("only in case"));
    }
}
