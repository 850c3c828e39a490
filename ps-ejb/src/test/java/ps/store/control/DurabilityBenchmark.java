package ps.store.control;

import ps.db.Database;
import ps.db.Migrations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ps.client.LogEntry;

/**
 * Not a test: prints what {@code PS_SQLITE_SYNCHRONOUS} and the retention index {@code log_received} cost,
 * as records/s of plain JDBC inserts into PS's schema, all measured in the same run (best of 3):
 * NORMAL vs FULL at one record per transaction (PS's writer under a light load commits each small batch
 * at once), 100 and 5,000 per transaction; and batches of 5,000 with and without {@code log_received}.
 * {@code mvn -B -o -Pbenchmark test -pl ps-ejb -am -Dtest=DurabilityBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class DurabilityBenchmark {
    final Path dir = Path.of(System.getProperty("benchmark.dir", "target/benchmark"));
    final int records = Integer.getInteger("benchmark.ingest", 100_000);

    @Test
    void run() throws Exception {
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "%n== PS durability benchmark (SQLite file under %s) ==%n", dir.toAbsolutePath());
        for (int perTransaction : new int[] {1, 100, 5_000}) {
            int count = perTransaction == 1 ? Math.min(records, 3_000) : records;
            double normal = best(() -> insert(Database.Synchronous.NORMAL, count, perTransaction, true));
            double full = best(() -> insert(Database.Synchronous.FULL, count, perTransaction, true));
            System.out.printf(Locale.ROOT, "  %,6d records per transaction (%,d records): NORMAL %,9.0f /s   FULL %,9.0f /s"
                    + "   FULL = %.2f x NORMAL%n", perTransaction, count, normal, full, full / normal);
        }
        // alternating, best of 5 each: the machine's other load disturbs both alike
        double with = 0;
        double without = 0;
        for (int i = 0; i < 5; i++) {
            without = Math.max(without, insert(Database.Synchronous.NORMAL, records, 5_000, false));
            with = Math.max(with, insert(Database.Synchronous.NORMAL, records, 5_000, true));
        }
        System.out.printf(Locale.ROOT, "  index log_received (NORMAL, 5,000 per transaction): without %,9.0f /s   with %,9.0f /s"
                + "   with = %.2f x without%n", without, with, with / without);
    }

    interface Rate {
        double get() throws Exception;
    }

    static double best(Rate rate) throws Exception {
        double best = 0;
        for (int i = 0; i < 3; i++) {
            best = Math.max(best, rate.get());
        }
        return best;
    }

    double insert(Database.Synchronous synchronous, int count, int perTransaction, boolean receivedIndex) throws Exception {
        Path file = dir.resolve("durability.sqlite");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        Database database = new Database(file, synchronous);
        Migrations.migrate(database);
        Random random = new Random(7);
        long now = System.currentTimeMillis();
        List<LogEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(StoreBenchmark.entry(random, i, now - (count - i) * 10L));
        }
        try (Connection connection = database.openForWriting()) {
            if (!receivedIndex) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP INDEX log_received");
                }
            }
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            try (Inserts inserts = new Inserts(connection)) {
                for (int i = 0; i < count; i++) {
                    inserts.add(entries.get(i));
                    if ((i + 1) % perTransaction == 0 || i == count - 1) {
                        inserts.execute();
                        connection.commit();
                    }
                }
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }
}
