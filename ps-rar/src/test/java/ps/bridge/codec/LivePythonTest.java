package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ps.client.LogEntry;
import ps.client.LogField;

/**
 * Random pickles and SocketHandler frames from the python3 on this machine (skipped without one), decoded
 * here and checked by src/test/resources/pickle/live_check.py against what Python meant.
 */
class LivePythonTest {

    @Test
    void decodesRandomPicklesOfEveryProtocolAsPythonMeantThem(@TempDir Path dir) throws Exception {
        assumeTrue(pythonAvailable(), "python3 not found");
        Path script = Path.of(LivePythonTest.class.getResource("/pickle/live_check.py").toURI());
        long seed = Long.getLong("pickle.live.seed", System.nanoTime() % 100_000);
        assertEquals(0, python(script.toString(), "generate", dir.toString(), Long.toString(seed)), "generate");

        List<Path> cases;
        try (Stream<Path> files = Files.list(dir)) {
            cases = files.filter(p -> p.toString().endsWith(".pickle") || p.toString().endsWith(".frame")).sorted()
                    .toList();
        }
        assertEquals(240 + 60, cases.size());
        for (Path path : cases) {
            byte[] bytes = Files.readAllBytes(path);
            String json;
            if (path.toString().endsWith(".pickle")) {
                json = Json.write(PickleDecoder.decode(bytes));
            } else {
                LogEntry entry = new PickleStreamReader(new ByteArrayInputStream(bytes), 1 << 24).next();
                json = Json.write(fields(entry));
            }
            String name = path.getFileName().toString().replaceFirst("\\.(pickle|frame)$", ".actual.json");
            Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
        }
        assertEquals(0, python(script.toString(), "verify", dir.toString()), "verify (seed " + seed + ")");
    }

    private static Map<String, Object> fields(LogEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (LogField field : LogField.values()) {
            // the stage is the bridge's (a Python record carries none), not something Python meant
            if (field != LogField.MESSAGE && field != LogField.INPUT && field != LogField.EXTRA
                    && field != LogField.STAGE && entry.get(field) != null || field == LogField.INPUT) {
                fields.put(field.column(), entry.get(field));
            }
        }
        fields.put("message", entry.get(LogField.MESSAGE));
        fields.put("levelno", (long) entry.levelno());
        fields.put("lineno", entry.lineno() == null ? null : (long) entry.lineno());
        fields.put("created", entry.created());
        fields.put("msecs", entry.msecs());
        fields.put("relativecreated", entry.relativeCreated());
        fields.put("extra", entry.get(LogField.EXTRA));
        for (String text : new String[] {"name", "module", "funcname", "pathname", "filename", "exc_text",
            "stack_info", "thread", "threadname", "process", "processname", "package_version", "system_id",
            "sub_system_id", "sub_sub_system_id", "produkt_id", "user_spec_1", "user_spec_2", "levelname"}) {
            fields.putIfAbsent(text, null);
        }
        return fields;
    }

    private static boolean pythonAvailable() {
        try {
            return python("--version") == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int python(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            if (!output.isBlank()) {
                System.out.print(output);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }
}
