package ps.store.control;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import ps.client.LogEntry;
import ps.db.Database;
import ps.db.TestDatabases;
import ps.store.boundary.LogStore;
import ps.store.entity.LogFilter;

/**
 * Not a test: the store on SQLite and on PostgreSQL in the same run, the same records through
 * {@link LogStore} (what PS runs), then a few console questions; figures as PostgreSQL / SQLite ratios.
 * {@code mvn -B -o -Pbenchmark test -pl ps-ejb -am -Dtest=PgStoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbenchmark.ingest=200000]}
 */
@Tag("benchmark")
class PgStoreBenchmark {
    final int ingest = Integer.getInteger("benchmark.ingest", 200_000);

    @Test
    void run() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/pg-benchmark"));
        List<List<LogEntry>> batches = new StoreBenchmark().batches(ingest, System.currentTimeMillis());
        System.out.printf(Locale.ROOT, "%n== PS store on SQLite and PostgreSQL, %,d records in batches of %,d ==%n", ingest, StoreBenchmark.BATCH);
        Files.deleteIfExists(dir.resolve("ps.sqlite"));
        double[] sqlite = measure(new Database(dir.resolve("ps.sqlite")), batches);
        double[] postgres = measure(TestDatabases.POSTGRESQL.open(dir), batches);
        String[] names = {"ingest (records/s)", "page, no filter (ms)", "word search 'payment' (ms)",
            "contains 'ayme' (ms)", "chart per hour, a day (ms)"};
        System.out.printf(Locale.ROOT, "%-30s %12s %12s %8s%n", "", "SQLite", "PostgreSQL", "PG/SQLite");
        for (int i = 0; i < names.length; i++) {
            System.out.printf(Locale.ROOT, "%-30s %12.1f %12.1f %8.2f%n", names[i], sqlite[i], postgres[i], postgres[i] / sqlite[i]);
        }
    }

    private double[] measure(Database database, List<List<LogEntry>> batches) throws Exception {
        LogStore store = LogStore.standalone(database, Executors.defaultThreadFactory());
        try {
            long start = System.nanoTime();
            List<java.util.concurrent.CompletableFuture<Void>> pending = new java.util.ArrayList<>();
            for (List<LogEntry> batch : batches) {
                pending.add(store.appendAsync(batch));
            }
            for (var done : pending) {
                done.get();
            }
            double rate = ingest / ((System.nanoTime() - start) / 1e9);
            long now = System.currentTimeMillis();
            return new double[] {rate,
                best(() -> store.find(new LogFilter())),
                best(() -> store.find(new LogFilter().text("payment"))),
                best(() -> store.find(new LogFilter().contains("ayme"))),
                best(() -> store.perLevel(now - 86_400_000L, now, 60, null))};
        } finally {
            store.stop();
            database.close();
        }
    }

    /** The best of five, in ms. */
    private static double best(Runnable query) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            query.run();
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        return best;
    }
}
