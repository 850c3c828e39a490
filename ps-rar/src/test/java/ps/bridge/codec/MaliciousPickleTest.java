package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ps.bridge.codec.Vectors.le32;
import static ps.bridge.codec.Vectors.pickle;
import static ps.bridge.codec.Vectors.refused;
import static ps.bridge.codec.Vectors.resource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import ps.client.wire.ProtocolException;

/** Every opcode that could reach Python objects refuses the pickle, naming the opcode; nothing runs. */
class MaliciousPickleTest {
    /** The path the committed evil_p*.pickle vectors would {@code touch} through os.system. */
    private static final Path EVIL_MARKER = Path.of("/tmp/ps-pickle-helper-evil-marker");

    @Test
    void refusesTheClassicOsSystemPickle(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("pwned");
        byte[] classic = pickle("cos\nsystem\n(S'touch " + marker + "'\ntR.");
        ProtocolException e = refused(classic, "GLOBAL (0x63 'c') at offset 0");
        assertEquals("refused pickle opcode GLOBAL (0x63 'c') at offset 0: only plain data is accepted, nothing is "
                + "looked up, instantiated or called", e.getMessage());
        assertFalse(Files.exists(marker));
        // the same inside a record, after harmless opcodes
        refused(pickle("}(X", le32(3), "msg", "cos\nsystem\n(S'touch " + marker + "'\ntRu."),
                "GLOBAL (0x63 'c') at offset 10");
        assertFalse(Files.exists(marker));
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void refusesCpythonPicklesOfAReduceToOsSystem(int protocol) throws Exception {
        Files.deleteIfExists(EVIL_MARKER);
        refused(resource("evil_p" + protocol + ".pickle"), protocol < 4 ? "GLOBAL" : "STACK_GLOBAL");
        assertFalse(Files.exists(EVIL_MARKER));
    }

    static Stream<Arguments> forbiddenOpcodes() {
        return Stream.of(
                Arguments.of("GLOBAL (0x63 'c') at offset 1", pickle("}cbuiltins\neval\n.")),
                Arguments.of("STACK_GLOBAL (0x93) at offset 14",
                        pickle(0x80, 4, 0x8c, 2, "os", 0x8c, 6, "system", 0x93, 0x8c, 2, "id", 0x85, "R.")),
                Arguments.of("REDUCE (0x52 'R') at offset 2", pickle("N)R.")),
                Arguments.of("BUILD (0x62 'b') at offset 2", pickle("}}b.")),
                Arguments.of("INST (0x69 'i') at offset 1", pickle("(ios\nsystem\n.")),
                Arguments.of("OBJ (0x6f 'o') at offset 3", pickle("(N)o.")),
                Arguments.of("NEWOBJ (0x81) at offset 4", pickle(0x80, 2, "N)", 0x81, ".")),
                Arguments.of("NEWOBJ_EX (0x92) at offset 5", pickle(0x80, 4, "N)}", 0x92, ".")),
                Arguments.of("PERSID (0x50 'P') at offset 0", pickle("Pfoo\n.")),
                Arguments.of("BINPERSID (0x51 'Q') at offset 1", pickle("NQ.")),
                Arguments.of("EXT1 (0x82) at offset 2", pickle(0x80, 2, 0x82, 1, ".")),
                Arguments.of("EXT2 (0x83) at offset 2", pickle(0x80, 2, 0x83, 1, 0, ".")),
                Arguments.of("EXT4 (0x84) at offset 2", pickle(0x80, 2, 0x84, le32(1), ".")),
                Arguments.of("NEXT_BUFFER (0x97) at offset 2", pickle(0x80, 5, 0x97, ".")),
                Arguments.of("READONLY_BUFFER (0x98) at offset 5", pickle(0x80, 5, "C", 1, "x", 0x98, ".")),
                Arguments.of("unknown opcode 0x00 at offset 1", pickle("}", 0, ".")),
                Arguments.of("unknown opcode 0x41 at offset 1", pickle("}A.")),
                Arguments.of("unknown opcode 0x99 at offset 1", pickle("}", 0x99, ".")),
                Arguments.of("unknown opcode 0xff at offset 1", pickle("}", 0xff, ".")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenOpcodes")
    void refusesEveryOpcodeBeyondPlainData(String reason, byte[] pickle) {
        refused(pickle, reason);
    }

    @Test
    void everyByteIsEitherAllowedOrRefusedByName() {
        String allowed = "(.012FIJKLMNSTUVXadegjhlpqrstu})]GBC"
                + "\u0080\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091"
                + "\u0094\u0095\u0096";
        int refusedCount = 0;
        for (int op = 0; op < 256; op++) {
            if (allowed.indexOf(op) >= 0) {
                continue;
            }
            String message = refused(pickle("}", op, "."), "at offset 1").getMessage();
            assertTrue(message.startsWith("refused pickle opcode " + PickleOpcodes.name(op) + " (0x")
                    || message.startsWith("refused pickle: unknown opcode 0x"), message);
            refusedCount++;
        }
        assertEquals(256 - allowed.length(), refusedCount);
    }
}
