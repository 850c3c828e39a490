package ps.herald.control;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import ps.basic.fsm.MachineDefinition;
import ps.basic.fsm.StateSpec;
import ps.basic.fsm.Transition;
import ps.store.entity.MachineRow;

/** A stored machine as the API's JSON, and its definition back as a {@link MachineDefinition} to draw. */
public final class MachineJson {
    private MachineJson() {
    }

    /** The machine's JSON; {@code now} gives the seconds in the current state. */
    public static JsonObject of(MachineRow row, String svgPath, long now) {
        MachineDefinition definition = definition(row);
        JsonArrayBuilder states = Json.createArrayBuilder();
        JsonArrayBuilder transitions = Json.createArrayBuilder();
        if (definition != null) {
            for (StateSpec state : definition.states()) {
                JsonObjectBuilder item = Json.createObjectBuilder().add("name", state.name())
                        .add("initial", state.initial()).add("final", state.isFinal()).add("error", state.error())
                        .add("doc", state.doc());
                JsonArrayBuilder recipients = Json.createArrayBuilder();
                state.recipients().forEach(recipients::add);
                item.add("recipients", recipients);
                if (state.otherwise() == null) {
                    item.addNull("otherwise");
                } else {
                    item.add("otherwise", state.otherwise());
                }
                states.add(item);
            }
            for (Transition transition : definition.transitions()) {
                transitions.add(Json.createObjectBuilder().add("source", transition.source())
                        .add("event", transition.event()).add("destination", transition.destination()));
            }
        }
        JsonObjectBuilder json = Json.createObjectBuilder().add("system", row.system()).add("name", row.name())
                .add("states", states).add("transitions", transitions);
        nullable(json, "state", row.state());
        if (row.since() == null) {
            json.addNull("since").addNull("secondsInState");
        } else {
            json.add("since", Instant.ofEpochMilli(row.since()).toString())
                    .add("secondsInState", Math.max(0, (now - row.since()) / 1000));
        }
        json.add("updated", Instant.ofEpochMilli(row.updated()).toString());
        nullable(json, "ended", row.ended());
        JsonArrayBuilder recent = Json.createArrayBuilder();
        JsonArray steps = array(row.recent());
        if (steps != null) {
            for (JsonValue value : steps) {
                if (value instanceof JsonObject step && step.containsKey("at")) {
                    JsonObjectBuilder item = Json.createObjectBuilder(step);
                    item.add("at", Instant.ofEpochMilli(step.getJsonNumber("at").longValue()).toString());
                    recent.add(item);
                }
            }
        }
        json.add("recent", recent);
        json.add("hasPicture", definition != null);
        return json.add("svg", svgPath).build();
    }

    /** The machine's definition, or null when none was received (or it was not well-formed). */
    public static MachineDefinition definition(MachineRow row) {
        if (row.definition() == null) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(row.definition()))) {
            JsonObject object = reader.readObject();
            List<StateSpec> states = new ArrayList<>();
            for (JsonValue value : object.getJsonArray("states")) {
                JsonObject state = value.asJsonObject();
                List<String> recipients = new ArrayList<>();
                JsonValue list = state.get("recipients");
                if (list instanceof JsonArray array) {
                    array.forEach(r -> {
                        if (r instanceof JsonString text) {
                            recipients.add(text.getString());
                        }
                    });
                }
                states.add(new StateSpec(state.getString("name"), state.getBoolean("initial", false),
                        state.getBoolean("final", false), state.getBoolean("error", false), text(state, "doc"),
                        recipients, text(state, "otherwise")));
            }
            List<Transition> transitions = new ArrayList<>();
            for (JsonValue value : object.getJsonArray("transitions")) {
                JsonObject transition = value.asJsonObject();
                transitions.add(new Transition(transition.getString("source"), transition.getString("event"),
                        transition.getString("destination")));
            }
            return new MachineDefinition(row.name(), states, transitions);
        } catch (RuntimeException e) {
            return null; // the store checked the size and shape; anything else odd gives no picture
        }
    }

    private static String text(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof JsonString string ? string.getString() : null;
    }

    private static JsonArray array(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readArray();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void nullable(JsonObjectBuilder json, String key, String value) {
        if (value == null) {
            json.addNull(key);
        } else {
            json.add(key, value);
        }
    }
}
