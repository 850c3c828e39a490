package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ps.client.wire.ProtocolException;

/** Runs src/test/resources/badinput (see its README): every case must be refused with its reason. */
class BadInputCorpusTest {
    static final int CORPUS_LIMIT = 4096;

    @TestFactory
    List<DynamicTest> gelf() throws Exception {
        return cases("gelf", GelfStreamReader::new);
    }

    @TestFactory
    List<DynamicTest> syslog() throws Exception {
        return cases("syslog", SyslogStreamReader::new);
    }

    private static List<DynamicTest> cases(String protocol, BiFunction<InputStream, Integer, RecordReader> readers)
            throws IOException, URISyntaxException {
        Path dir = Path.of(BadInputCorpusTest.class.getResource("/badinput/" + protocol + "/expected.tsv").toURI())
                .getParent();
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(dir.resolve("expected.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            String file = parts[0];
            String expected = parts[1];
            listed.add(file);
            tests.add(DynamicTest.dynamicTest(protocol + "/" + file, () -> {
                byte[] stream = Files.readAllBytes(dir.resolve(file));
                RecordReader reader = readers.apply(TestStreams.of(stream), CORPUS_LIMIT);
                ProtocolException e = assertThrows(ProtocolException.class, () -> {
                    while (reader.next() != null) {
                        // good records before the bad one are fine
                    }
                }, "refused, not read to a clean end");
                assertTrue(e.getMessage().contains(expected),
                        "reason \"" + e.getMessage() + "\" should contain \"" + expected + "\"");
            }));
        }
        Set<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bin"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        tests.add(DynamicTest.dynamicTest(protocol + ": expected.tsv lists every case file",
                () -> assertEquals(files, listed)));
        return tests;
    }
}
