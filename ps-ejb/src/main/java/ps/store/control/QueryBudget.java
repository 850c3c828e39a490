package ps.store.control;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs a read that SQLite interrupts once its time budget has passed: a progress handler checks the clock
 * every 20,000 virtual-machine steps, so a query that reads millions of rows stops within milliseconds of
 * its deadline instead of holding a thread and a connection for minutes.
 */
public final class QueryBudget {
    private QueryBudget() {
    }

    /** A read of the store that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Reading<T> {
        T read() throws SQLException;
    }

    /** The read's result, or null when SQLite interrupted it after {@code budgetMillis}. */
    public static <T> T within(Connection connection, long budgetMillis, Reading<T> reading) throws SQLException {
        long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        org.sqlite.ProgressHandler.setHandler(connection, 20_000, new org.sqlite.ProgressHandler() {
            @Override
            protected int progress() {
                return System.nanoTime() > deadline ? 1 : 0;
            }
        });
        try {
            return reading.read();
        } catch (org.sqlite.SQLiteException e) {
            if (e.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_INTERRUPT) {
                return null;
            }
            throw e;
        } finally {
            org.sqlite.ProgressHandler.clearHandler(connection);
        }
    }

    /**
     * The read's result.
     *
     * @throws SearchTooSlowException when the budget ran out
     */
    public static <T> T orStop(Connection connection, long budgetMillis, Reading<T> reading) throws SQLException {
        T result = within(connection, budgetMillis, reading);
        if (result == null) {
            throw new SearchTooSlowException("query", budgetMillis);
        }
        return result;
    }
}
