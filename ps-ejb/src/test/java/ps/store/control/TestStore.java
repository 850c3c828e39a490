package ps.store.control;

import ps.db.Database;
import ps.db.Migrations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import ps.client.LogEntry;
import ps.store.entity.LogFilter;
import ps.store.entity.LogRow;

/**
 * A migrated SQLite file in a test's temporary directory (or a PostgreSQL database of the tests' cluster,
 * {@link ps.db.TestDatabases}), with direct reads and writes through the database's dialect.
 */
final class TestStore {
    private TestStore() {
    }

    static Database migrated(Path directory) {
        return migrated(ps.db.TestDatabases.SQLITE, directory);
    }

    static Database migrated(ps.db.TestDatabases kind, Path directory) {
        Database database = kind.open(directory, "ps.db");
        Migrations.migrate(database);
        return database;
    }

    /** Inserts the entries in one transaction, derived tables included, as the writer would, without its thread. */
    static void insert(Database database, List<LogEntry> entries) throws SQLException {
        Dialect dialect = Dialect.of(database);
        try (Connection connection = database.openForWriting(); Inserts inserts = new Inserts(connection, dialect)) {
            connection.setAutoCommit(false);
            dialect.beginBatch(connection, entries);
            long lastIdBefore = dialect.lastId(connection);
            for (LogEntry entry : entries) {
                inserts.add(entry);
            }
            new Derived(dialect).afterInsert(connection, inserts.execute(), lastIdBefore);
            connection.commit();
        }
    }

    static List<LogRow> select(Database database, LogFilter filter) throws SQLException {
        try (Connection connection = database.openForReading()) {
            return Dialect.of(database).page(connection, filter, 60_000).rows();
        }
    }

    static long count(Database database, LogFilter filter, long cap) throws SQLException {
        try (Connection connection = database.openForReading()) {
            return Dialect.of(database).count(connection, filter, cap);
        }
    }

    static long rows(Database database) throws SQLException {
        return number(database, "SELECT count(*) FROM log");
    }

    static long number(Database database, String sql) throws SQLException {
        try (Connection connection = database.openForReading();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
