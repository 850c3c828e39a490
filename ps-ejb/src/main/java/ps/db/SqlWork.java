package ps.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a connection the database boundary lends; a write is committed, or rolled back when it throws. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
