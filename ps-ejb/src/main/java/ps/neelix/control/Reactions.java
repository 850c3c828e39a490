package ps.neelix.control;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.boundary.LogStore;

/** Neelix's reactions as WARNING records from system {@code neelix}, as the original wrote them into the log. */
public final class Reactions {
    private static final Logger LOG = Logger.getLogger("ps.neelix");

    private final LogStore store;
    private final String stage;

    public Reactions(LogStore store, String stage) {
        this.store = store;
        this.stage = stage;
    }

    /** Stores the record; a failure is logged, never thrown (the reaction itself has happened). */
    public void record(String message, String function) {
        long now = System.currentTimeMillis();
        LogEntry entry = new LogEntry().created(now).received(now).level(ps.client.Level.WARNING)
                .set(LogField.SYSTEM_ID, RuleEngine.OWN_SYSTEM)
                .set(LogField.NAME, "ps.neelix")
                .set(LogField.MODULE, "neelix")
                .set(LogField.FUNCNAME, function)
                .set(LogField.STAGE, stage)
                .set(LogField.MESSAGE, message);
        try {
            store.append(List.of(entry));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "neelix: reaction record not stored: " + message, e);
        }
    }
}
