package ps.herald.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import ps.basic.fsm.FiniteStateMachine;
import ps.basic.fsm.MachineDefinition;
import ps.basic.fsm.State;
import ps.store.entity.MachineRow;

class MachineJsonTest {

    static MachineDefinition sample() {
        FiniteStateMachine<Object> fsm = new FiniteStateMachine<>("m");
        State<Object> a = fsm.state("a \"quoted\" \u00e4", (s, c) -> "x").asInitial().doc("line\none");
        State<Object> b = fsm.state("b", (s, c) -> "x").asFinal();
        State<Object> e = fsm.state("e", (s, c) -> "x").asError().mailTo("ops@example.com", "dev@example.com");
        a.on("go", b).otherwise(e);
        return fsm.definition();
    }

    @Test
    void theDefinitionSentByARunComesBackAsItWas() {
        MachineDefinition sent = sample();
        MachineRow row = new MachineRow("sys", "m", sent.toJson(), "b", 5_000L, 6_000, "final", "[{\"at\":5000,\"state\":\"a\",\"event\":\"go\",\"next\":\"b\"}]");
        assertEquals(sent, MachineJson.definition(row));

        JsonObject json = MachineJson.of(row, "machines/sys/m.svg", 65_000);
        assertEquals("b", json.getString("state"));
        assertEquals(60, json.getInt("secondsInState"));
        assertEquals("1970-01-01T00:00:05Z", json.getString("since"));
        assertEquals("final", json.getString("ended"));
        assertEquals(3, json.getJsonArray("states").size());
        assertEquals("e", json.getJsonArray("states").getJsonObject(0).getString("otherwise"));
        assertEquals(List.of("ops@example.com", "dev@example.com"),
                json.getJsonArray("states").getJsonObject(2).getJsonArray("recipients").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("1970-01-01T00:00:05Z", json.getJsonArray("recent").getJsonObject(0).getString("at"));
        assertEquals(true, json.getBoolean("hasPicture"));
    }

    @Test
    void aMissingOrOddDefinitionGivesNoPicture() {
        assertNull(MachineJson.definition(new MachineRow("s", "m", null, "a", null, 1, null, "[]")));
        assertNull(MachineJson.definition(new MachineRow("s", "m", "{\"states\":[{\"nome\":1}],\"transitions\":[]}", "a", null, 1, null, "[]")));
        JsonObject json = MachineJson.of(new MachineRow("s", "m", "not json", "a", null, 1, null, "garbage"), "x", 0);
        assertEquals(false, json.getBoolean("hasPicture"));
        assertEquals(0, json.getJsonArray("recent").size());
        assertEquals(0, json.getJsonArray("states").size());
    }
}
