package ps.basic.fsm;

/**
 * The work of one state: does it and returns the event that decides the next state (the original's
 * handler {@code (state, context) -> event}).
 *
 * @param <C> the context the machine's run carries from state to state
 */
@FunctionalInterface
public interface StateHandler<C> {
    String handle(State<C> state, C context) throws Exception;
}
