package ps.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date with the Flyway migrations of every component, one location each, in the
 * component's own module. The versions are one sequence over all locations (one schema history table), so
 * a new migration takes a version no other component has. A location whose module is not on the class path
 * (a module's unit tests) is skipped with Flyway's warning. PostgreSQL has its own scripts under
 * {@code db/postgresql/<component>}, with the same versions and meaning as SQLite's (whose bytes never change:
 * Flyway's checksums of existing stores).
 */
public final class Migrations {
    /** Who owns which tables: see docs/scale-out.md. */
    static final String[] LOCATIONS = {
        "classpath:db/store", "classpath:db/bridge", "classpath:db/neelix", "classpath:db/security", "classpath:db/batch"
    };
    static final String[] POSTGRES_LOCATIONS = {
        "classpath:db/postgresql/store", "classpath:db/postgresql/bridge", "classpath:db/postgresql/neelix",
        "classpath:db/postgresql/security", "classpath:db/postgresql/batch",
        "classpath:db/postgresql/cluster"
    };

    private Migrations() {
    }

    /** @return the schema version after migrating */
    public static String migrate(Database database) {
        MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(database.dataSource())
                .locations(database.postgres() ? POSTGRES_LOCATIONS : LOCATIONS)
                .load()
                .migrate();
        return result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion;
    }
}
