package ps.basic.fsm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One state of a {@link FiniteStateMachine}, made by {@link FiniteStateMachine#state}: a name, a handler,
 * the flags initial / final / error, a default next state, mail recipients (for error states) and
 * documentation. Its transitions: {@code state.on("ok", next)} (the original's {@code state["ok"] = next}).
 */
public final class State<C> {
    private final FiniteStateMachine<C> machine;
    private final String name;
    private final StateHandler<C> handler;
    private final Map<String, State<C>> transitions = new LinkedHashMap<>();
    private boolean initial;
    private boolean isFinal;
    private boolean error;
    private State<C> otherwise;
    private String doc = "";
    private List<String> recipients = List.of();

    State(FiniteStateMachine<C> machine, String name, StateHandler<C> handler) {
        this.machine = machine;
        this.name = name;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** In this state, {@code event} leads to {@code next}. */
    public State<C> on(String event, State<C> next) {
        Objects.requireNonNull(event, "event");
        transitions.put(event, machine.own(next));
        return this;
    }

    /** The default next state, for any event without a transition (drawn "else", or "error" to an error state). */
    public State<C> otherwise(State<C> next) {
        otherwise = machine.own(next);
        return this;
    }

    /** Marks the state the machine starts in; a machine has exactly one (a second is an error). */
    public State<C> asInitial() {
        machine.initialIs(this);
        initial = true;
        return this;
    }

    /** The run stops after this state's handler. */
    public State<C> asFinal() {
        isFinal = true;
        return this;
    }

    /** An error state: drawn red; entering it mails its recipients. */
    public State<C> asError() {
        error = true;
        return this;
    }

    /** The recipients mailed when the machine enters this (error) state. */
    public State<C> mailTo(String... addresses) {
        recipients = List.of(addresses);
        return this;
    }

    /** What the state does: the picture's tooltip. */
    public State<C> doc(String text) {
        doc = text == null ? "" : text;
        return this;
    }

    public String name() {
        return name;
    }

    public StateHandler<C> handler() {
        return handler;
    }

    public boolean isInitial() {
        return initial;
    }

    public boolean isFinal() {
        return isFinal;
    }

    public boolean isError() {
        return error;
    }

    public String doc() {
        return doc;
    }

    public List<String> recipients() {
        return recipients;
    }

    public Optional<State<C>> defaultNext() {
        return Optional.ofNullable(otherwise);
    }

    /** The explicit transitions, event to next state, in the order they were added. */
    public Map<String, State<C>> transitions() {
        return Collections.unmodifiableMap(transitions);
    }

    /** The state an event leads to: its transition, else the default; empty when there is neither. */
    public Optional<State<C>> next(String event) {
        State<C> next = transitions.get(event);
        return Optional.ofNullable(next != null ? next : otherwise);
    }

    StateSpec spec() {
        return new StateSpec(name, initial, isFinal, error, doc, recipients, otherwise == null ? null : otherwise.name);
    }

    FiniteStateMachine<C> machine() {
        return machine;
    }

    @Override
    public String toString() {
        return name;
    }
}
