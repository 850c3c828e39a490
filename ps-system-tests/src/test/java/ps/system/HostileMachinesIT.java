package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import ps.client.ExtraFields;
import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.PsSender;

/**
 * Hostile state machine records: oversized definitions and more machines than PS tracks. The records are
 * stored as any other; the machine table ignores what is over its bounds, with one logged reason.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileMachinesIT {
    static Hostile ps;
    static PsSender sender;

    @BeforeAll
    static void start() throws Exception {
        ps = Hostile.start("machines");
        sender = new PsSender("localhost", ps.server.nativePort, 10_000, Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sender != null) {
            sender.close(Duration.ofSeconds(5));
        }
        if (ps != null) {
            ps.close();
        }
    }

    @BeforeEach
    void mark() throws Exception {
        ps.mark();
    }

    static LogEntry step(String machine, Map<String, String> extra) {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("fsm_machine", machine);
        fields.putAll(extra);
        return new LogEntry().created(System.currentTimeMillis()).level(Level.INFO).set(LogField.SYSTEM_ID, "attacker")
                .set(LogField.MESSAGE, "machine " + machine).set(LogField.STAGE, "TESTING")
                .set(LogField.EXTRA, ExtraFields.of(fields).toJson());
    }

    static void send(LogEntry... entries) throws InterruptedException {
        for (LogEntry entry : entries) {
            assertTrue(sender.offer(entry));
        }
        assertTrue(sender.flush(Duration.ofSeconds(60)), "records acknowledged by the bridge");
    }

    static JsonArray machines() throws Exception {
        return Json.createReader(new StringReader(ps.server.get("/api/machines").body())).readObject().getJsonArray("machines");
    }

    @Test
    @Order(1)
    void anOversizedDefinitionIsNotKeptButTheMachineAndItsRecordsAre() throws Exception {
        String huge = "{\"states\":[],\"transitions\":[],\"pad\":\"" + "x".repeat(70_000) + "\"}";
        send(step("huge", Map.of("fsm_state", "a", "fsm_definition", huge)));
        ps.assertLoggedOnce("definition longer than 65536 characters");
        JsonObject machine = machines().stream().map(v -> v.asJsonObject())
                .filter(m -> m.getString("name").equals("huge")).findFirst().orElseThrow();
        assertEquals(false, machine.getBoolean("hasPicture"));
        assertEquals("a", machine.getString("state"));
        assertEquals(404, ps.server.get("/api/machines/attacker/huge.svg").statusCode());
        assertEquals(1, ps.server.logs("system_id=attacker&text=huge").getJsonArray("records").size());
        ps.assertStillWell("an oversized machine definition");
    }

    @Test
    @Order(2)
    void aDefinitionWithTooManyStatesIsNotKept() throws Exception {
        StringBuilder states = new StringBuilder("{\"states\":[");
        for (int i = 0; i < 101; i++) {
            states.append(i == 0 ? "" : ",").append("{\"name\":\"s").append(i).append("\"}");
        }
        send(step("wide", Map.of("fsm_state", "s0", "fsm_definition", states.append("],\"transitions\":[]}").toString())));
        ps.assertLoggedOnce("definition has 101 states, more than 100");
        ps.assertStillWell("a machine definition with too many states");
    }

    @Test
    @Order(3) // last: it fills the table
    void moreMachinesThanPsTracksAreRefusedOnceAndTheTableStaysBounded() throws Exception {
        LogEntry[] flood = new LogEntry[600];
        for (int i = 0; i < flood.length; i++) {
            flood[i] = step("flood-" + i, Map.of("fsm_state", "a"));
        }
        send(flood);
        ps.assertLoggedOnce("machines already");
        assertEquals(500, machines().size());
        ps.assertStillWell("600 machines");
    }
}
