package ps.basic.fsm;

/** A state returned an event it has no transition for, and it has no default next state. */
public class TransitionError extends RuntimeException {
    private final String state;
    private final String event;

    public TransitionError(String machine, String state, String event) {
        super("machine " + machine + ": state " + state + " has no transition for event \"" + event
                + "\" and no default next state");
        this.state = state;
        this.event = event;
    }

    public String state() {
        return state;
    }

    public String event() {
        return event;
    }
}
