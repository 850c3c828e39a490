package ps.basic.fsm;

import java.util.List;
import java.util.logging.Logger;

/**
 * How a machine tells an error state's recipients that it entered that state. The toolkit's mail wires
 * one in ({@link FiniteStateMachine#errorMail(ErrorMail)}); without one the machine logs a WARNING that
 * no mailer is set.
 */
@FunctionalInterface
public interface ErrorMail {
    /**
     * @param machine    the machine's name
     * @param state      the error state entered
     * @param recipients the state's mail recipients (never empty)
     * @param trace      the events of the run so far, oldest first
     * @param context    the run's context, as text
     */
    void send(String machine, String state, List<String> recipients, List<String> trace, String context)
            throws Exception;

    /** The default: no mail, a WARNING naming the recipients that would have got one. */
    static ErrorMail unset() {
        return (machine, state, recipients, trace, context) -> Logger.getLogger(FiniteStateMachine.LOGGER_PREFIX + machine)
                .warning(() -> "machine " + machine + " entered error state " + state + " but no mailer is set:"
                        + " no mail to " + String.join(", ", recipients));
    }
}
