package ps.batch.control;

/** A row of an imported database that cannot become a record; the import skips it and counts it. */
public class BadRowException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRowException(String message) {
        super(message);
    }
}
