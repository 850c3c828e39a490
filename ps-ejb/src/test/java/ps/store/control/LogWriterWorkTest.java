package ps.store.control;

import ps.db.Database;
import ps.db.Migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import ps.db.TestDatabases;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;

@ParameterizedClass
@EnumSource(TestDatabases.class)
class LogWriterWorkTest {
    @Parameter
    TestDatabases kind;
    @TempDir
    Path dir;
    Database database;
    LogWriter writer;

    @BeforeEach
    void open() {
        database = kind.open(dir, "t.sqlite");
        Migrations.migrate(database);
        writer = new LogWriter(database, Thread::new, 16, 1000);
    }

    @AfterEach
    void close() {
        writer.close();
        database.close();
    }

    @Test
    void workRunsOnTheWriterAndIsCommittedBetweenBatches() throws Exception {
        writer.inWriter(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("CREATE TABLE t (v INTEGER)");
            }
        });
        writer.write(List.of(new LogEntry().level(Level.INFO).set(LogField.MESSAGE, "a")));
        int inserted = writer.inWriter(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO t VALUES (1), (2)");
            }
        });
        assertEquals(2, inserted);
        assertEquals(2, count("SELECT count(*) FROM t"));
        assertEquals(1, count("SELECT count(*) FROM log"));
    }

    @Test
    void failingWorkIsRolledBackAndReported() throws Exception {
        writer.inWriter(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("CREATE TABLE t (v INTEGER)");
            }
        });
        StoreException failure = assertThrows(StoreException.class, () -> writer.inWriter(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (1)");
                return s.executeUpdate("INSERT INTO no_such_table VALUES (1)");
            }
        }));
        assertEquals(true, failure.getMessage().contains("no_such_table"), failure.getMessage());
        assertEquals(0, count("SELECT count(*) FROM t"), "the first insert was rolled back");
        writer.write(List.of(new LogEntry().level(Level.INFO).set(LogField.MESSAGE, "still writing")));
        assertEquals(1, count("SELECT count(*) FROM log"));
    }

    private long count(String sql) throws Exception {
        try (var c = database.openForReading(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
