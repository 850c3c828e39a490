package ps.basic.fsm;

import java.util.List;

import ps.client.ExtraFields;

/**
 * A machine without its handlers: its states (in the order they were made) and explicit transitions. It
 * is what the picture is drawn from and what a run sends to PS (as {@link #toJson()}).
 */
public record MachineDefinition(String name, List<StateSpec> states, List<Transition> transitions) {
    public MachineDefinition {
        states = List.copyOf(states);
        transitions = List.copyOf(transitions);
    }

    public StateSpec state(String stateName) {
        for (StateSpec state : states) {
            if (state.name().equals(stateName)) {
                return state;
            }
        }
        return null;
    }

    /**
     * {@code {"name":…,"states":[{"name":…,"initial":…,"final":…,"error":…,"doc":…,"recipients":[…],
     * "otherwise":…|null}],"transitions":[{"source":…,"event":…,"destination":…}]}}
     */
    public String toJson() {
        StringBuilder json = new StringBuilder(256).append("{\"name\":");
        ExtraFields.quote(json, name).append(",\"states\":[");
        for (int i = 0; i < states.size(); i++) {
            StateSpec state = states.get(i);
            json.append(i == 0 ? "" : ",").append("{\"name\":");
            ExtraFields.quote(json, state.name())
                    .append(",\"initial\":").append(state.initial())
                    .append(",\"final\":").append(state.isFinal())
                    .append(",\"error\":").append(state.error())
                    .append(",\"doc\":");
            ExtraFields.quote(json, state.doc()).append(",\"recipients\":[");
            for (int r = 0; r < state.recipients().size(); r++) {
                ExtraFields.quote(json.append(r == 0 ? "" : ","), state.recipients().get(r));
            }
            json.append("],\"otherwise\":");
            if (state.otherwise() == null) {
                json.append("null");
            } else {
                ExtraFields.quote(json, state.otherwise());
            }
            json.append('}');
        }
        json.append("],\"transitions\":[");
        for (int i = 0; i < transitions.size(); i++) {
            Transition transition = transitions.get(i);
            json.append(i == 0 ? "" : ",").append("{\"source\":");
            ExtraFields.quote(json, transition.source()).append(",\"event\":");
            ExtraFields.quote(json, transition.event()).append(",\"destination\":");
            ExtraFields.quote(json, transition.destination()).append('}');
        }
        return json.append("]}").toString();
    }
}
