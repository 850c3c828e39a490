package ps.store.control;

import ps.db.Database;
import ps.db.Migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import ps.db.TestDatabases;

import ps.client.LogEntry;
import ps.client.LogField;

/** On SQLite and on PostgreSQL (each with its own scripts, same versions). */
@ParameterizedClass
@EnumSource(TestDatabases.class)
class MigrationsTest {
    @Parameter
    TestDatabases kind;
    @TempDir
    Path directory;

    @Test
    void migratingTwiceIsANoOpWithTheSameVersion() throws SQLException {
        Database database = kind.open(directory, "ps.db");

        String first = Migrations.migrate(database);
        TestStore.insert(database, List.of(new LogEntry().created(1).set(LogField.MESSAGE, "kept")));
        long history = TestStore.number(database, "SELECT count(*) FROM flyway_schema_history");
        String second = Migrations.migrate(database);

        assertEquals(TestStore.number(database, "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history"),
                Long.parseLong(first), "the newest migration applied");
        assertEquals(first, second);
        assertEquals(history, TestStore.number(database, "SELECT count(*) FROM flyway_schema_history"));
        assertEquals(1, TestStore.rows(database));
    }

    @Test
    void writerConnectionUsesWriteAheadLogging() throws SQLException {
        org.junit.jupiter.api.Assumptions.assumeTrue(kind == TestDatabases.SQLITE, "SQLite's journal");
        Database database = TestStore.migrated(kind, directory);

        try (Connection connection = database.openForWriting();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA journal_mode")) {
            result.next();
            assertEquals("wal", result.getString(1).toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void readerConnectionCannotWrite() throws SQLException {
        Database database = TestStore.migrated(kind, directory);

        try (Connection connection = database.openForReading(); Statement statement = connection.createStatement()) {
            assertThrows(SQLException.class,
                    () -> statement.executeUpdate("INSERT INTO log (created, levelno, received) VALUES (1, 1, 1)"));
        }
        assertEquals(0, TestStore.rows(database));
    }
}
