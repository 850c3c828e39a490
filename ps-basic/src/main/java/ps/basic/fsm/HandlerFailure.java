package ps.basic.fsm;

/** A state's handler threw: the run stops at that state, the cause is kept. */
public class HandlerFailure extends RuntimeException {
    private final String state;

    public HandlerFailure(String machine, String state, Throwable cause) {
        super("machine " + machine + ": the handler of state " + state + " failed: " + cause, cause);
        this.state = state;
    }

    public String state() {
        return state;
    }
}
