package ps.store.control;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.entity.MachineRow;

/**
 * Keeps table {@code machine} in step with the state machine records (extra fields {@code fsm_*}, see
 * docs/protocol.md), once per write transaction: per machine one read and one upsert. Everything an
 * outsider sends here is bounded: at most {@link #MAX_MACHINES} machines, definitions of at most
 * {@link #MAX_DEFINITION_CHARS} characters, {@link #MAX_STATES} states and {@link #MAX_TRANSITIONS}
 * transitions, names of at most {@link #MAX_NAME_CHARS}, the last {@link #RECENT} steps. A record over a
 * bound is still stored as a log record; only the machine table ignores it, with one logged reason per
 * machine and kind (and at most {@link #MAX_REPORTED} reasons in all).
 */
public final class MachineSteps implements LogWriter.BatchStep {
    public static final int MAX_MACHINES = 500;
    public static final int MAX_DEFINITION_CHARS = 65_536;
    public static final int MAX_STATES = 100;
    public static final int MAX_TRANSITIONS = 400;
    public static final int MAX_NAME_CHARS = 200;
    public static final int RECENT = 20;
    static final int MAX_REPORTED = 100;
    private static final Logger LOG = Logger.getLogger("ps.store");
    private static final String SELECT = "SELECT definition, state, since, updated, ended, recent FROM machine"
            + " WHERE system_id = ? AND name = ?";
    private final Dialect dialect;

    public MachineSteps() {
        this(Dialect.SQLITE);
    }

    public MachineSteps(Dialect dialect) {
        this.dialect = dialect;
    }

    private final java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void afterInsert(Connection connection, List<LogEntry> inserted, long lastIdBefore) throws SQLException {
        Map<List<String>, Machine> touched = new LinkedHashMap<>();
        int[] count = {-1};
        for (LogEntry entry : inserted) {
            String extra = entry.get(LogField.EXTRA);
            if (extra == null || !extra.contains("\"fsm_machine\"")) {
                continue;
            }
            JsonObject fields = object(extra);
            String name = fields == null ? null : text(fields, "fsm_machine");
            if (name == null) {
                continue;
            }
            String system = entry.get(LogField.SYSTEM_ID) == null ? "" : entry.get(LogField.SYSTEM_ID);
            if (name.length() > MAX_NAME_CHARS || system.length() > MAX_NAME_CHARS) {
                report(system, name, "name", "machine or system name longer than " + MAX_NAME_CHARS + " characters");
                continue;
            }
            List<String> key = List.of(system, name);
            Machine machine = touched.get(key);
            if (machine == null) {
                machine = load(connection, system, name);
                if (machine == null) {
                    if (count[0] < 0) {
                        count[0] = countMachines(connection);
                    }
                    if (count[0] >= MAX_MACHINES) {
                        report("", "", "full", "PS tracks " + MAX_MACHINES + " machines already (this and"
                                + " further new machines are not reported again)");
                        continue;
                    }
                    count[0]++;
                    machine = new Machine(system, name);
                }
                touched.put(key, machine);
            }
            machine.apply(entry.created(), fields);
        }
        if (touched.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(dialect.upsertMachine())) {
            for (Machine machine : touched.values()) {
                upsert.setString(1, machine.system);
                upsert.setString(2, machine.name);
                upsert.setString(3, machine.definition);
                upsert.setString(4, machine.state);
                if (machine.since == null) {
                    upsert.setNull(5, java.sql.Types.INTEGER);
                } else {
                    upsert.setLong(5, machine.since);
                }
                upsert.setLong(6, machine.updated);
                upsert.setString(7, machine.ended);
                JsonArrayBuilder recent = Json.createArrayBuilder();
                machine.recent.forEach(recent::add);
                upsert.setString(8, recent.build().toString());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Every machine, by system and name; the table is bounded, so is this. */
    public static List<MachineRow> all(Connection connection) throws SQLException {
        List<MachineRow> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT system_id, name, definition, state, since,"
                + " updated, ended, recent FROM machine ORDER BY system_id, name LIMIT " + MAX_MACHINES);
                ResultSet result = select.executeQuery()) {
            while (result.next()) {
                long since = result.getLong(5);
                rows.add(new MachineRow(result.getString(1), result.getString(2), result.getString(3),
                        result.getString(4), result.wasNull() ? null : since, result.getLong(6), result.getString(7),
                        result.getString(8)));
            }
        }
        return rows;
    }

    private Machine load(Connection connection, String system, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + dialect.forUpdate())) {
            select.setString(1, system);
            select.setString(2, name);
            try (ResultSet result = select.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                Machine machine = new Machine(system, name);
                machine.definition = result.getString(1);
                machine.state = result.getString(2);
                long since = result.getLong(3);
                machine.since = result.wasNull() ? null : since;
                machine.updated = result.getLong(4);
                machine.ended = result.getString(5);
                JsonArray recent = array(result.getString(6));
                if (recent != null) {
                    recent.forEach(step -> {
                        if (step instanceof JsonObject object) {
                            machine.recent.add(object);
                        }
                    });
                }
                return machine;
            }
        }
    }

    private static int countMachines(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM machine");
                ResultSet result = count.executeQuery()) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    /** The definition as sent, or null with a logged reason when it is not a well-formed one within bounds. */
    String checkedDefinition(String system, String name, String definition) {
        String problem = null;
        if (definition.length() > MAX_DEFINITION_CHARS) {
            problem = "definition longer than " + MAX_DEFINITION_CHARS + " characters";
        } else {
            JsonObject object = object(definition);
            JsonValue states = object == null ? null : object.get("states");
            JsonValue transitions = object == null ? null : object.get("transitions");
            if (!(states instanceof JsonArray stateList) || !(transitions instanceof JsonArray transitionList)) {
                problem = "definition is not a JSON object with arrays states and transitions";
            } else if (stateList.size() > MAX_STATES) {
                problem = "definition has " + stateList.size() + " states, more than " + MAX_STATES;
            } else if (transitionList.size() > MAX_TRANSITIONS) {
                problem = "definition has " + transitionList.size() + " transitions, more than " + MAX_TRANSITIONS;
            }
        }
        if (problem != null) {
            report(system, name, "definition", problem);
            return null;
        }
        return definition;
    }

    private void report(String system, String name, String kind, String problem) {
        String key = kind + '\u0000' + system + '\u0000' + name;
        if (reported.size() < MAX_REPORTED && reported.add(key)) {
            LOG.warning(() -> "PS store: state machine records of system " + cut(system) + ", machine " + cut(name)
                    + " are kept as log records but not tracked as a machine: " + problem);
        }
    }

    private static String cut(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    static JsonObject object(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? object : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static JsonArray array(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonArray array ? array : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonObject fields, String key) {
        JsonValue value = fields.get(key);
        return value instanceof JsonString string ? string.getString() : null;
    }

    /** One machine's row while a batch is applied to it. */
    private final class Machine {
        final String system;
        final String name;
        String definition;
        String state;
        Long since;
        long updated;
        String ended;
        final List<JsonObject> recent = new ArrayList<>();

        Machine(String system, String name) {
            this.system = system;
            this.name = name;
        }

        void apply(long created, JsonObject fields) {
            updated = Math.max(updated, created);
            String from = bounded(text(fields, "fsm_state"));
            String event = bounded(text(fields, "fsm_event"));
            String next = bounded(text(fields, "fsm_next"));
            String error = bounded(text(fields, "fsm_error"));
            String definitionText = text(fields, "fsm_definition");
            if (definitionText != null) {
                // a run starts: its definition and initial state
                definition = checkedDefinition(system, name, definitionText);
                state = from;
                since = created;
                ended = null;
                recent.clear();
                return;
            }
            if (from == null) {
                return;
            }
            recent.add(new Step(created, from, event, next, error).json());
            while (recent.size() > RECENT) {
                recent.remove(0);
            }
            if (error != null) {
                enter(from, created);
                ended = error;
            } else if (next != null) {
                enter(next, created);
                ended = null;
            } else if (event != null) {
                enter(from, created);
                ended = "final";
            }
        }

        /** A step into the state it is in already (a loop) keeps the time it entered. */
        private void enter(String newState, long created) {
            if (!newState.equals(state) || since == null) {
                since = created;
            }
            state = newState;
        }
    }

    private static String bounded(String text) {
        return text == null || text.length() <= MAX_NAME_CHARS ? text : text.substring(0, MAX_NAME_CHARS);
    }

    /** One step of {@code recent}: at, state, event, next, error (absent ones left out). */
    private record Step(long at, String state, String event, String next, String error) {
        JsonObject json() {
            var step = Json.createObjectBuilder().add("at", at).add("state", state);
            if (event != null) {
                step.add("event", event);
            }
            if (next != null) {
                step.add("next", next);
            }
            if (error != null) {
                step.add("error", error);
            }
            return step.build();
        }
    }
}
