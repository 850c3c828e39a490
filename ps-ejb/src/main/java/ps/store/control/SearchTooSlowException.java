package ps.store.control;

/**
 * A query ran out of its time budget (a substring search reads row by row): the range is too wide. An
 * application exception, so it reaches the caller as it is rather than wrapped as a container failure.
 */
@jakarta.ejb.ApplicationException
public class SearchTooSlowException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param what "substring search", "search", "query": what ran out of time */
    public SearchTooSlowException(String what, long budgetMillis) {
        super("the " + what + " was stopped after " + seconds(budgetMillis) + ": narrow the time range"
                + " or another filter" + ("substring search".equals(what) ? ", or search for whole words" : ""), null);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
