package ps.store.control;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the schema up to date with the Flyway migrations under {@code db/migration}. */
public final class Migrations {
    private Migrations() {
    }

    /** @return the schema version after migrating */
    public static String migrate(Database database) {
        MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(database.dataSource())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion;
    }
}
