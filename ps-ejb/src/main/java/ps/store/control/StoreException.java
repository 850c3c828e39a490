package ps.store.control;

/** The store could not do what was asked; the message says what and why. */
public class StoreException extends ps.db.DatabaseException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
