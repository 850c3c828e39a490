package ps.store.control;

/**
 * A search that reads row by row (a substring) ran out of its time budget: the range is too wide. An
 * application exception, so it reaches the caller as it is rather than wrapped as a container failure.
 */
@jakarta.ejb.ApplicationException
public class SearchTooSlowException extends StoreException {
    private static final long serialVersionUID = 1L;

    public SearchTooSlowException(long budgetMillis) {
        super("the substring search was stopped after " + budgetMillis / 1000 + " s: narrow the time range"
                + " or another filter, or search for whole words", null);
    }
}
