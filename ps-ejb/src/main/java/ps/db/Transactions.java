package ps.db;

import java.sql.Connection;
import java.sql.SQLException;

/** A write on a pooled PostgreSQL connection of its own: one transaction, committed or rolled back. */
final class Transactions {
    private Transactions() {
    }

    static <T> T run(Database database, SqlWork<T> work) {
        try (Connection connection = database.openForWriting()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("write failed: " + e.getMessage(), e);
        }
    }
}
