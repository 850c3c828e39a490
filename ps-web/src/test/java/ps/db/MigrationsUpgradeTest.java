package ps.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each component's migrations in its own location (ps-web's test class path has all five modules): a
 * database migrated by the earlier layout, every migration in one {@code db/migration}, validates and stays
 * as it is under the new one, so an existing PS data directory upgrades.
 */
class MigrationsUpgradeTest {
    /** Who owns which migration (docs/scale-out.md). */
    static final Map<String, List<String>> OWNED = new LinkedHashMap<>();

    static {
        OWNED.put("db/store", List.of("V1__log.sql", "V11__search_and_rollups.sql", "V36__log_received.sql", "V40__machines.sql",
                "V63__log_node.sql"));
        OWNED.put("db/bridge", List.of("V2__forward_state.sql", "V15__forward_route_dead_letters.sql"));
        OWNED.put("db/neelix", List.of("V20__neelix.sql", "V62__neelix_ping_inbox.sql", "V64__neelix_record_inbox.sql"));
        OWNED.put("db/security", List.of("V10__users.sql", "V14__ingest_tokens.sql"));
        OWNED.put("db/batch", List.of("V30__batch.sql"));
    }

    /** The single-location layout ended at V40; later migrations were only ever shipped in their component's location. */
    static final int LAST_OF_SINGLE_LOCATION_LAYOUT = 40;

    /** The newest migration of all locations, which a migrated database reports. */
    static final String NEWEST = "64";

    @TempDir
    Path directory;

    @Test
    void aNewDatabaseGetsEveryComponentsMigrationsAndNoOthers() throws SQLException {
        Database database = new Database(directory.resolve("ps.sqlite"));

        assertEquals(NEWEST, Migrations.migrate(database));

        assertEquals(OWNED.values().stream().mapToInt(List::size).sum(), number(database, "SELECT count(*) FROM flyway_schema_history"));
        assertEquals(0, number(database, "SELECT count(*) FROM flyway_schema_history WHERE NOT success"));
    }

    @Test
    void aDatabaseOfTheSingleLocationLayoutValidatesAndKeepsItsRows() throws IOException, SQLException {
        Path classes = directory.resolve("old-layout");
        Path old = Files.createDirectories(classes.resolve("db/migration"));
        for (Map.Entry<String, List<String>> location : OWNED.entrySet()) {
            for (String file : location.getValue()) {
                if (version(file) > LAST_OF_SINGLE_LOCATION_LAYOUT) {
                    continue;
                }
                try (InputStream in = getClass().getClassLoader().getResourceAsStream(location.getKey() + "/" + file)) {
                    assertNotNull(in, location.getKey() + "/" + file + " is on the class path");
                    Files.copy(in, old.resolve(file));
                }
            }
        }
        Database database = new Database(directory.resolve("ps.sqlite"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Flyway.configure(loader).dataSource(database.dataSource()).locations("classpath:db/migration").load().migrate();
        }
        String checksumsBefore = checksums(database);
        try (Connection connection = database.openForWriting(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO users (name, role, password_hash, created, updated) VALUES ('u', 'viewer', 'h', 1, 1)");
        }

        assertEquals(NEWEST, Migrations.migrate(database), "validated, then only the later migrations applied");

        assertTrue(checksums(database).startsWith(checksumsBefore), "the old layout's history stays as it was");
        assertEquals(OWNED.values().stream().mapToInt(List::size).sum(), number(database, "SELECT count(*) FROM flyway_schema_history"));
        assertEquals(1, number(database, "SELECT count(*) FROM users"));
    }

    private static int version(String file) {
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

    private static String checksums(Database database) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection connection = database.openForReading(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, script, checksum FROM flyway_schema_history ORDER BY installed_rank")) {
            while (rows.next()) {
                all.append(rows.getString(1)).append(' ').append(rows.getString(2)).append(' ').append(rows.getInt(3)).append('\n');
            }
        }
        return all.toString();
    }

    private static long number(Database database, String sql) throws SQLException {
        try (Connection connection = database.openForReading(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
