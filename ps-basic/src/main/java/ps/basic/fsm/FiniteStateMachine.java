package ps.basic.fsm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import ps.client.ExtraFields;

/**
 * A finite state machine whose picture is drawn from the code (the original's {@code FiniteStateMachine}).
 *
 * <pre>
 * FiniteStateMachine&lt;Job&gt; fsm = new FiniteStateMachine&lt;&gt;("nightly-transfer");
 * State&lt;Job&gt; fetch = fsm.state("fetch", (state, job) -&gt; job.fetch() ? "ok" : "failed").asInitial();
 * State&lt;Job&gt; done = fsm.state("done", (state, job) -&gt; "done").asFinal();
 * State&lt;Job&gt; failed = fsm.state("failed", (state, job) -&gt; "done").asError().asFinal().mailTo("ops@example.com");
 * fetch.on("ok", done).otherwise(failed);
 * fsm.run(job);
 * </pre>
 *
 * <p>{@link #run} logs to the JUL logger {@code ps.fsm.<name>}: one INFO record when the run starts, with
 * the machine's definition as JSON in the extra field {@code fsm_definition}, then one record per step with
 * the extra fields {@code fsm_machine}, {@code fsm_state}, {@code fsm_event}, {@code fsm_next} (absent after
 * a final state) and {@code fsm_context} (see docs/client.md, "State machines"). Not thread-safe: one run
 * at a time.
 */
public final class FiniteStateMachine<C> {
    /** The machine's records go to the logger of this prefix and the machine's name. */
    public static final String LOGGER_PREFIX = "ps.fsm.";
    /** The context's text in a step record is cut to this many characters. */
    static final int CONTEXT_CHARS = 200;

    private final String name;
    private final Map<String, State<C>> states = new LinkedHashMap<>();
    private final List<String> trace = new ArrayList<>();
    private final Logger log;
    private State<C> initial;
    private State<C> current;
    private Instant since;
    private ErrorMail errorMail = ErrorMail.unset();

    public FiniteStateMachine(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a machine needs a name");
        }
        this.name = name;
        this.log = Logger.getLogger(LOGGER_PREFIX + name);
    }

    /** Makes a state of this machine; names are unique. */
    public State<C> state(String stateName, StateHandler<C> handler) {
        if (stateName == null || stateName.isBlank()) {
            throw new IllegalArgumentException("machine " + name + ": a state needs a name");
        }
        if (states.containsKey(stateName)) {
            throw new IllegalArgumentException("machine " + name + " has a state " + stateName + " already");
        }
        State<C> state = new State<>(this, stateName, handler);
        states.put(stateName, state);
        return state;
    }

    /** The state of that name, or null. */
    public State<C> get(String stateName) {
        return states.get(stateName);
    }

    public Collection<State<C>> states() {
        return Collections.unmodifiableCollection(states.values());
    }

    public String name() {
        return name;
    }

    /** Who hears of an error state being entered (the toolkit's mail); default: a WARNING that none is set. */
    public FiniteStateMachine<C> errorMail(ErrorMail mail) {
        errorMail = Objects.requireNonNull(mail, "mail");
        return this;
    }

    /**
     * Runs the machine from its initial state: calls the state's handler, records the event, stops after a
     * final state's handler, else follows the event's transition or the default. Entering an error state
     * mails its recipients.
     *
     * @return the final state the run ended in
     * @throws TransitionError when an event has neither a transition nor a default
     * @throws HandlerFailure  when a handler throws (the run stops in that state)
     */
    public State<C> run(C context) {
        State<C> state = start();
        publish(Level.INFO, "machine " + name + " starts in state " + state.name(), null,
                fields(state, null, null, context, "fsm_definition", definition().toJson()));
        while (true) {
            enter(state, context);
            String event;
            try {
                event = state.handler().handle(state, context);
            } catch (Exception e) {
                HandlerFailure failure = new HandlerFailure(name, state.name(), e);
                publish(Level.SEVERE, failure.getMessage(), e, fields(state, null, null, context, "fsm_error", "handler"));
                throw failure;
            }
            event = String.valueOf(event);
            trace.add(event);
            if (state.isFinal()) {
                publish(Level.INFO, "machine " + name + ": " + state.name() + " --" + event + "--> (end)", null,
                        fields(state, event, null, context, null, null));
                return state;
            }
            State<C> next = follow(state, event, context);
            publish(next.isError() ? Level.WARNING : Level.INFO,
                    "machine " + name + ": " + state.name() + " --" + event + "--> " + next.name(), null,
                    fields(state, event, next, context, null, null));
            state = next;
        }
    }

    /**
     * Replays events from the initial state without calling handlers (the original's {@code process}):
     * follows each event's transition or default and records it in the trace. Logs nothing, mails nobody.
     *
     * @return the state reached
     * @throws TransitionError for an event without a transition or default, or an event after a final state
     */
    public State<C> process(List<String> events) {
        State<C> state = start();
        for (String event : events) {
            if (state.isFinal()) {
                throw new TransitionError(name, state.name() + " (final)", event);
            }
            State<C> from = state;
            State<C> next = state.next(event).orElseThrow(() -> new TransitionError(name, from.name(), event));
            trace.add(event);
            current = next;
            since = Instant.now();
            state = next;
        }
        return state;
    }

    /** The events of the current run (or replay) so far, oldest first. */
    public List<String> trace() {
        return List.copyOf(trace);
    }

    /** Forgets the trace and the current state. */
    public void reset() {
        trace.clear();
        current = null;
        since = null;
    }

    /** The state the machine is in (or ended in); null before a run or after {@link #reset()}. */
    public State<C> current() {
        return current;
    }

    /** When the machine entered its current state; null when there is none. */
    public Instant since() {
        return since;
    }

    /** Every explicit transition (source, event, destination), in the order of states and then events (the original's {@code all_transitions}). */
    public List<Transition> transitions() {
        List<Transition> all = new ArrayList<>();
        for (State<C> state : states.values()) {
            state.transitions().forEach((event, next) -> all.add(new Transition(state.name(), event, next.name())));
        }
        return all;
    }

    /** The machine without its handlers: what the picture and PS are given. */
    public MachineDefinition definition() {
        List<StateSpec> specs = new ArrayList<>();
        states.values().forEach(state -> specs.add(state.spec()));
        return new MachineDefinition(name, specs, transitions());
    }

    /** The picture as Graphviz DOT text (the original's {@code get_graph}), for those who have Graphviz. */
    public String dot() {
        return Picture.dot(definition());
    }

    /** The picture as SVG, laid out in Java (no Graphviz needed), the current state highlighted. */
    public String svg() {
        return Picture.svg(definition(), current == null ? null : current.name());
    }

    /** Writes {@link #svg()} to a file. */
    public Path writeSvg(Path file) throws IOException {
        return Files.writeString(file, svg(), StandardCharsets.UTF_8);
    }

    State<C> own(State<C> state) {
        Objects.requireNonNull(state, "state");
        if (state.machine() != this) {
            throw new IllegalArgumentException("state " + state.name() + " belongs to another machine than " + name);
        }
        return state;
    }

    void initialIs(State<C> state) {
        if (initial != null && initial != state) {
            throw new IllegalStateException("machine " + name + " has an initial state already (" + initial.name()
                    + "): " + state.name() + " cannot be a second one");
        }
        initial = state;
    }

    private State<C> start() {
        if (initial == null) {
            throw new IllegalStateException("machine " + name + " has no initial state (mark one with asInitial())");
        }
        reset();
        current = initial;
        since = Instant.now();
        return initial;
    }

    private State<C> follow(State<C> state, String event, C context) {
        return state.next(event).orElseThrow(() -> {
            TransitionError error = new TransitionError(name, state.name(), event);
            publish(Level.SEVERE, error.getMessage(), null, fields(state, event, null, context, "fsm_error", "transition"));
            return error;
        });
    }

    private void enter(State<C> state, C context) {
        if (current != state) {
            current = state;
            since = Instant.now();
        }
        if (state.isError() && !state.recipients().isEmpty()) {
            try {
                errorMail.send(name, state.name(), state.recipients(), trace(), text(context));
            } catch (Exception e) {
                log.log(Level.WARNING, "machine " + name + ": the mail for error state " + state.name() + " to "
                        + String.join(", ", state.recipients()) + " failed: " + e, e);
            }
        }
    }

    private Map<String, String> fields(State<C> state, String event, State<C> next, C context, String key, String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("fsm_machine", name);
        fields.put("fsm_state", state.name());
        fields.put("fsm_event", event);
        fields.put("fsm_next", next == null ? null : next.name());
        fields.put("fsm_context", text(context));
        if (key != null) {
            fields.put(key, value);
        }
        return fields;
    }

    private static String text(Object context) {
        String text = String.valueOf(context);
        return text.length() <= CONTEXT_CHARS ? text : text.substring(0, CONTEXT_CHARS) + "…";
    }

    private void publish(Level level, String message, Throwable thrown, Map<String, String> fields) {
        if (!log.isLoggable(level)) {
            return;
        }
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(log.getName());
        record.setSourceClassName(FiniteStateMachine.class.getName());
        record.setSourceMethodName("run");
        record.setParameters(new Object[] {ExtraFields.of(fields)});
        record.setThrown(thrown);
        log.log(record);
    }
}
