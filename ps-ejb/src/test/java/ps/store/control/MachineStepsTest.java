package ps.store.control;

import ps.db.Database;
import ps.db.Migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import ps.db.TestDatabases;

import ps.client.ExtraFields;
import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.MachineRow;

@ParameterizedClass
@EnumSource(TestDatabases.class)
class MachineStepsTest {
    @Parameter
    TestDatabases kind;
    static final String DEFINITION = "{\"name\":\"m\",\"states\":[{\"name\":\"a\",\"initial\":true,\"final\":false,"
            + "\"error\":false,\"doc\":\"\",\"recipients\":[],\"otherwise\":null}],\"transitions\":[]}";
    @TempDir
    Path dir;
    Database database;
    LogWriter writer;
    long seq;

    @BeforeEach
    void open() {
        database = kind.open(dir);
        Migrations.migrate(database);
        writer = new LogWriter(database, Executors.defaultThreadFactory(), 16, 1000);
        writer.addBatchStep(new MachineSteps(Dialect.of(database)));
    }

    @AfterEach
    void close() {
        writer.close();
        database.close();
    }

    LogEntry record(String system, long created, String... fields) {
        java.util.Map<String, String> extra = new java.util.LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            extra.put(fields[i], fields[i + 1]);
        }
        seq++;
        return new LogEntry().created(created).received(created).level(Level.INFO).seq(seq)
                .set(LogField.CLIENT_ID, "c").set(LogField.SYSTEM_ID, system).set(LogField.MESSAGE, "step")
                .set(LogField.EXTRA, ExtraFields.of(extra).toJson());
    }

    List<MachineRow> machines() throws Exception {
        try (Connection connection = database.openForReading()) {
            return MachineSteps.all(connection);
        }
    }

    @Test
    void aRunsStepsGiveTheCurrentStateItsSinceAndTheLastSteps() throws Exception {
        writer.write(List.of(record("billing", 1000, "fsm_machine", "m", "fsm_state", "a", "fsm_definition", DEFINITION)));
        writer.write(List.of(record("billing", 2000, "fsm_machine", "m", "fsm_state", "a", "fsm_event", "more", "fsm_next", "a"),
                record("billing", 3000, "fsm_machine", "m", "fsm_state", "a", "fsm_event", "ok", "fsm_next", "b")));
        MachineRow row = machines().get(0);
        assertEquals("billing", row.system());
        assertEquals("m", row.name());
        assertEquals(DEFINITION, row.definition());
        assertEquals("b", row.state());
        assertEquals(3000L, row.since());
        assertNull(row.ended());
        assertTrue(row.recent().contains("\"event\":\"more\"") && row.recent().contains("\"next\":\"b\""), row.recent());

        writer.write(List.of(record("billing", 4000, "fsm_machine", "m", "fsm_state", "b", "fsm_event", "done")));
        row = machines().get(0);
        assertEquals("b", row.state());
        assertEquals(3000L, row.since(), "a final state's step keeps the time it was entered");
        assertEquals("final", row.ended());
        assertEquals(4000L, row.updated());

        writer.write(List.of(record("billing", 5000, "fsm_machine", "m", "fsm_state", "a", "fsm_definition", DEFINITION)));
        row = machines().get(0);
        assertEquals("a", row.state());
        assertEquals(5000L, row.since());
        assertNull(row.ended());
        assertEquals("[]", row.recent(), "a new run starts a new list of steps");
    }

    @Test
    void recordsWithoutMachineFieldsOrWithBrokenExtraAreLeftAlone() throws Exception {
        LogEntry broken = record("s", 1, "x", "y").set(LogField.EXTRA, "{\"fsm_machine\": [unclosed");
        LogEntry notText = record("s", 1, "x", "y").set(LogField.EXTRA, "{\"fsm_machine\": 42}");
        writer.write(List.of(broken, notText, record("s", 1, "other", "field"), new LogEntry().created(1).received(1)
                .level(Level.INFO).set(LogField.MESSAGE, "plain")));
        assertEquals(List.of(), machines());
        assertEquals(4, TestStore.rows(database), "every record is stored as a log record all the same");
    }

    @Test
    void theNumberOfMachinesAndTheSizeOfDefinitionsAndStepsAreBounded() throws Exception {
        List<LogEntry> batch = new ArrayList<>();
        for (int i = 0; i < MachineSteps.MAX_MACHINES + 50; i++) {
            batch.add(record("s", 1, "fsm_machine", "m" + i, "fsm_state", "a"));
        }
        writer.write(batch);
        assertEquals(MachineSteps.MAX_MACHINES, machines().size());

        StringBuilder states = new StringBuilder("{\"states\":[");
        for (int i = 0; i <= MachineSteps.MAX_STATES; i++) {
            states.append(i == 0 ? "" : ",").append("{\"name\":\"s").append(i).append("\"}");
        }
        String tooMany = states.append("],\"transitions\":[]}").toString();
        writer.write(List.of(record("s", 2, "fsm_machine", "m1", "fsm_state", "s0", "fsm_definition", tooMany),
                record("s", 2, "fsm_machine", "m2", "fsm_state", "s0", "fsm_definition", "x".repeat(MachineSteps.MAX_DEFINITION_CHARS + 1))));
        for (MachineRow row : machines()) {
            if (row.name().equals("m1") || row.name().equals("m2")) {
                assertNull(row.definition(), row.name());
                assertEquals("s0", row.state(), "the state is still followed");
            }
        }

        List<LogEntry> steps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            steps.add(record("s", 10 + i, "fsm_machine", "m3", "fsm_state", "a", "fsm_event", "e" + i, "fsm_next", "a"));
        }
        writer.write(steps);
        String recent = machines().stream().filter(row -> row.name().equals("m3")).findFirst().orElseThrow().recent();
        assertEquals(MachineSteps.RECENT, recent.split("\"at\"").length - 1);
        assertTrue(recent.contains("\"e99\"") && !recent.contains("\"e79\""), recent);
    }
}
