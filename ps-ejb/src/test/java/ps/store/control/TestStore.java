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

/** A migrated SQLite file in a test's temporary directory, with direct reads and writes. */
final class TestStore {
    private TestStore() {
    }

    static Database migrated(Path directory) {
        Database database = new Database(directory.resolve("ps.db"));
        Migrations.migrate(database);
        return database;
    }

    /** Inserts the entries in one transaction, derived tables included, as the writer would, without its thread. */
    static void insert(Database database, List<LogEntry> entries) throws SQLException {
        try (Connection connection = database.openForWriting(); Inserts inserts = new Inserts(connection)) {
            connection.setAutoCommit(false);
            long lastIdBefore;
            try (java.sql.ResultSet max = connection.createStatement().executeQuery("SELECT coalesce(max(id), 0) FROM log")) {
                lastIdBefore = max.next() ? max.getLong(1) : 0;
            }
            for (LogEntry entry : entries) {
                inserts.add(entry);
            }
            new Derived().afterInsert(connection, inserts.execute(), lastIdBefore);
            connection.commit();
        }
    }

    static List<LogRow> select(Database database, LogFilter filter) throws SQLException {
        try (Connection connection = database.openForReading()) {
            return new LogQuery(filter).select(connection);
        }
    }

    static long count(Database database, LogFilter filter, long cap) throws SQLException {
        try (Connection connection = database.openForReading()) {
            return new LogQuery(filter).count(connection, cap);
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
