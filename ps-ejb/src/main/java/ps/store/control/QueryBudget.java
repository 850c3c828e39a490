package ps.store.control;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs a read that the database stops once its time budget has passed (SQLite: a progress handler checks the
 * clock every 20,000 virtual-machine steps; PostgreSQL: statement_timeout), so a query that reads millions of
 * rows stops near its deadline instead of holding a thread and a connection for minutes.
 */
public final class QueryBudget {
    private QueryBudget() {
    }

    /** A read of the store that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Reading<T> {
        T read() throws SQLException;
    }

    /** The read's result, or null when the database stopped it after {@code budgetMillis} (see {@link Dialect#within}). */
    public static <T> T within(Connection connection, long budgetMillis, Reading<T> reading) throws SQLException {
        return Dialect.of(connection).within(connection, budgetMillis, reading);
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
