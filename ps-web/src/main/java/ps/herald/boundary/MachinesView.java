package ps.herald.boundary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import ps.herald.control.MachineJson;
import ps.store.boundary.LogStore;
import ps.store.entity.MachineRow;

/**
 * The Machines page: each machine with its picture (current state highlighted), the time in that state
 * and the last steps; the page polls every 2 s and this bean reads the (bounded) machine table anew.
 */
@Named
@RequestScoped
public class MachinesView {
    @Inject
    LogStore store;

    @Inject
    MachinePictures pictures;

    /** The page shows the most recently active machines, so a poll stays small; the API lists them all. */
    static final int SHOWN = 50;

    private List<Machine> machines;
    private int total;

    public List<Machine> getMachines() {
        if (machines == null) {
            long now = System.currentTimeMillis();
            List<MachineRow> rows = new ArrayList<>(store.machines());
            total = rows.size();
            rows.sort(java.util.Comparator.comparingLong(MachineRow::updated).reversed());
            machines = new ArrayList<>();
            for (MachineRow row : rows.subList(0, Math.min(SHOWN, rows.size()))) {
                machines.add(new Machine(row, MachineJson.of(row, "", now), pictures.svg(row)));
            }
        }
        return machines;
    }

    /** "50 of 73 machines shown …" when some are left out, else empty. */
    public String getLeftOut() {
        getMachines();
        return total <= SHOWN ? "" : SHOWN + " of " + total + " machines shown, the most recently active;"
                + " all of them: /api/machines";
    }

    /** One machine on the page (a class with getters: records do not work as EL beans here). */
    public static final class Machine {
        private final MachineRow row;
        private final JsonObject json;
        private final String svg;

        Machine(MachineRow row, JsonObject json, String svg) {
            this.row = row;
            this.json = json;
            this.svg = svg;
        }

        public String getSystem() {
            return row.system();
        }

        public String getName() {
            return row.name();
        }

        public String getState() {
            return row.state();
        }

        public String getSince() {
            return row.since() == null ? "" : Instant.ofEpochMilli(row.since()).toString();
        }

        public String getTimeInState() {
            JsonValue seconds = json.get("secondsInState");
            if (!(seconds instanceof jakarta.json.JsonNumber number)) {
                return "";
            }
            long s = number.longValue();
            return (s >= 3600 ? s / 3600 + " h " : "") + (s >= 60 ? s % 3600 / 60 + " min " : "") + s % 60 + " s";
        }

        public String getStatus() {
            if (row.ended() == null) {
                return "Current state";
            }
            return "Last state";
        }

        public String getEnded() {
            if (row.ended() == null) {
                return "";
            }
            return "final".equals(row.ended()) ? "ended" : "stopped by an error (" + row.ended() + ")";
        }

        /** PS's own SVG: every name and doc in it is escaped, it holds no script (see ps.basic.fsm.Picture). */
        public String getSvg() {
            return svg;
        }

        public List<Step> getRecent() {
            List<Step> steps = new ArrayList<>();
            for (JsonValue value : json.getJsonArray("recent")) {
                JsonObject step = value.asJsonObject();
                steps.add(0, new Step(step.getString("at", ""), step.getString("state", ""), step.getString("event", ""),
                        step.containsKey("error") ? "error: " + step.getString("error", "")
                                : step.getString("next", "(end)"), step.containsKey("error")));
            }
            return steps;
        }
    }

    /** One of a machine's last steps, newest first. */
    public static final class Step {
        private final String at;
        private final String state;
        private final String event;
        private final String next;
        private final boolean error;

        Step(String at, String state, String event, String next, boolean error) {
            this.at = at;
            this.state = state;
            this.event = event;
            this.next = next;
            this.error = error;
        }

        public String getAt() {
            return at;
        }

        public String getState() {
            return state;
        }

        public String getEvent() {
            return event;
        }

        public String getNext() {
            return next;
        }

        public boolean isError() {
            return error;
        }
    }
}
