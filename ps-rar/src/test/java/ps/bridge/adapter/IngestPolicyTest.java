package ps.bridge.adapter;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ps.bridge.api.IngestAuth;
import ps.bridge.codec.NativeStreamReader;
import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;
import ps.client.wire.NativeProtocol.Hello;
import ps.client.wire.ProtocolException;

class IngestPolicyTest {
    private final IngestAuth.Gate gate = (clientId, token) ->
            token == null || token.equals("good") ? (clientId.equals("taken") ? "client id taken belongs to another token" : null)
                    : "unknown ingest token";

    @AfterEach
    void uninstall() {
        IngestAuth.uninstall(gate);
    }

    private static String refusal(IngestPolicy policy, Hello hello) {
        return assertThrows(ProtocolException.class, () -> policy.check(hello)).getMessage();
    }

    @Test
    void offAdmitsEveryoneWithoutAGate() {
        assertDoesNotThrow(() -> IngestPolicy.OFF.check(new Hello("c1", null)));
        assertDoesNotThrow(() -> IngestPolicy.OFF.check(new Hello("taken", "bad")));
    }

    @Test
    void requiredRefusesAHelloWithoutTokenAndAsksTheGateOtherwise() {
        IngestAuth.install(gate);
        assertEquals("HELLO of client c1 without an ingest token (setting ps.ingest.auth=required)",
                refusal(IngestPolicy.REQUIRED, new Hello("c1", null)));
        assertEquals("unknown ingest token", refusal(IngestPolicy.REQUIRED, new Hello("c1", "bad")));
        assertEquals("client id taken belongs to another token", refusal(IngestPolicy.REQUIRED, new Hello("taken", "good")));
        assertDoesNotThrow(() -> IngestPolicy.REQUIRED.check(new Hello("c1", "good")));
    }

    @Test
    void optionalLetsTheGateJudgeAHelloWithoutToken() {
        IngestAuth.install(gate);
        assertDoesNotThrow(() -> IngestPolicy.OPTIONAL.check(new Hello("c1", null)));
        assertEquals("client id taken belongs to another token", refusal(IngestPolicy.OPTIONAL, new Hello("taken", null)));
    }

    @Test
    void withoutAGateNobodyIsAdmittedWhereTokensCount() {
        assertEquals("ingest tokens are not loaded yet, refusing client c1 for now",
                refusal(IngestPolicy.REQUIRED, new Hello("c1", "good")));
    }

    @Test
    void controlCharactersOfTheClientIdDoNotReachTheLog() {
        assertEquals("HELLO of client a?b without an ingest token (setting ps.ingest.auth=required)",
                refusal(IngestPolicy.REQUIRED, new Hello("a\nb", null)));
    }

    @Test
    void theNativeReaderChecksTheHelloBeforeReadingAnyRecord() throws Exception {
        IngestAuth.install(gate);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        NativeProtocol.writeHello(out, "c9", "bad");
        NativeProtocol.writeRecord(out, new LogEntry().seq(1).created(1).level(Level.INFO).set(LogField.MESSAGE, "m"));
        NativeStreamReader reader = new NativeStreamReader(new ByteArrayInputStream(bytes.toByteArray()), 1 << 20,
                IngestPolicy.REQUIRED);

        assertEquals("unknown ingest token", assertThrows(ProtocolException.class, reader::next).getMessage());
    }
}
