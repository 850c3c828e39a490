package ps.store.control;

import ps.db.Database;
import ps.db.Migrations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.store.boundary.LogStore;
import ps.store.entity.LogFilter;

/**
 * Not a test: a benchmark that prints figures (run with {@code -Pbenchmark}, see docs/store.md).
 * <ol>
 * <li>Ingestion: the same records inserted by plain JDBC (the baseline), by the writer alone, by the
 * writer with the per-batch derived tables (what PS runs), with per-row triggers instead, and with a
 * word tokenizer instead of trigrams.</li>
 * <li>Queries: {@code benchmark.records} records seeded through {@link LogStore}, then the console's
 * questions timed server-side through the same store methods the console calls.</li>
 * </ol>
 */
class StoreBenchmark {
    static final int BATCH = 5_000;
    static final long DAY = 86_400_000L;
    static final String[] WORDS = ("order payment invoice customer shipment cart session token request response"
            + " timeout retry database connection pool cache user account login logout report export import"
            + " queue worker scheduler job batch file upload download mail notify").split(" ");

    final Path dir = Path.of(System.getProperty("benchmark.dir", "target/benchmark"));
    final int records = Integer.getInteger("benchmark.records", 1_000_000);
    final int ingest = Integer.getInteger("benchmark.ingest", 200_000);

    @Test
    void run() throws Exception {
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "%n== PS store benchmark (SQLite file under %s) ==%n", dir.toAbsolutePath());
        if (ingest > 0) {
            ingestion();
        }
        if (records > 0) {
            queries();
        }
    }

    // ---------------------------------------------------------------- ingestion

    void ingestion() throws Exception {
        List<List<LogEntry>> batches = batches(ingest, System.currentTimeMillis());
        System.out.printf(Locale.ROOT, "%nIngestion of %,d records in transactions of %,d, best of 3 (wall clock: records/s;"
                + " CPU: records per CPU-second of the inserting thread, which other load on the machine disturbs less):%n",
                ingest, BATCH);
        double[] raw = best(() -> rawJdbc(batches));
        print("plain JDBC insert into PS's schema (baseline)", raw, raw);
        if (Boolean.getBoolean("benchmark.writer")) { // only what PS's writer runs: -Dbenchmark.writer=true
            LogWriter.BatchStep[] steps = {new Derived(), new MachineSteps()};
            print("LogWriter + derived tables + machines (PS's writer)", best(() -> writer(batches, steps)), raw);
            return;
        }
        print("LogWriter, no derived tables", best(() -> writer(batches, null, false)), raw);
        print("LogWriter + derived tables per batch (PS)", best(() -> writer(batches, new Derived(), false)), raw);
        print("LogWriter + the same by per-row triggers", best(() -> writer(batches, null, true)), raw);
        print("LogWriter + per batch, trigram index instead of words", best(() -> writer(batches, new Derived(), false, "trigram")), raw);
        print("LogWriter + per batch + trigram index of message (contains)", best(() -> writer(batches, new Derived(), false, null,
                MESSAGE_TRIGRAMS)), raw);
        if (Boolean.getBoolean("benchmark.variants")) {
            print("  words with positions (detail=full)", best(() -> writer(batches, new Derived(), false, "unicode61 remove_diacritics 2")), raw);
            print("  rollups and values only, no search index", best(() -> writer(batches, new Derived(false), false)), raw);
        }
    }

    void print(String what, double[] rate, double[] baseline) {
        System.out.printf(Locale.ROOT, "  %-55s wall %,8.0f /s %5.2f x   CPU %,8.0f /s %5.2f x baseline   %,5.0f bytes/record%n", what,
                rate[0], rate[0] / baseline[0], rate[1], rate[1] / baseline[1], rate[2]);
    }

    /**
     * A second FTS5 table, trigrams of the message only, kept by one more batch step: what a {@code contains}
     * (any substring, LIKE) answered from an index would cost.
     */
    static final String[] MESSAGE_TRIGRAMS = {
        "CREATE VIRTUAL TABLE log_tri USING fts5(message, content = 'log', content_rowid = 'id', tokenize = 'trigram')",
        "INSERT INTO log_tri (rowid, message) SELECT id, message FROM log WHERE id > ?",
    };

    /** The best wall-clock rate and the best CPU rate of three runs, and the file's bytes per record. */
    double[] best(ThrowingSupplier run) throws Exception {
        double[] best = {0, 0, 0};
        for (int i = 0; i < 3; i++) {
            double[] rate = run.get();
            best[0] = Math.max(best[0], rate[0]);
            best[1] = Math.max(best[1], rate[1]);
            best[2] = rate[2];
        }
        return best;
    }

    /** The store file's size (with its write-ahead log) per record ingested. */
    double bytesPerRecord() throws java.io.IOException {
        long bytes = 0;
        for (String suffix : new String[] {"", "-wal"}) {
            Path file = dir.resolve("ingest.sqlite" + suffix);
            bytes += Files.exists(file) ? Files.size(file) : 0;
        }
        return (double) bytes / ingest;
    }

    interface ThrowingSupplier {
        double[] get() throws Exception;
    }

    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    Database fresh(String name) throws Exception {
        Path file = dir.resolve(name + ".sqlite");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        Database database = new Database(file);
        Migrations.migrate(database);
        return database;
    }

    double[] rawJdbc(List<List<LogEntry>> batches) throws Exception {
        Database database = fresh("ingest");
        try (Connection connection = database.openForWriting()) {
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            long cpu = CPU.getCurrentThreadCpuTime();
            try (Inserts inserts = new Inserts(connection)) {
                for (List<LogEntry> batch : batches) {
                    for (LogEntry entry : batch) {
                        inserts.add(entry);
                    }
                    inserts.execute();
                    connection.commit();
                }
            }
            double[] rate = {ingest / ((System.nanoTime() - start) / 1e9), ingest / ((CPU.getCurrentThreadCpuTime() - cpu) / 1e9), 0};
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            rate[2] = bytesPerRecord();
            return rate;
        }
    }

    double[] writer(List<List<LogEntry>> batches, LogWriter.BatchStep step, boolean triggers) throws Exception {
        return writer(batches, step, triggers, null);
    }

    double[] writer(List<List<LogEntry>> batches, LogWriter.BatchStep... steps) throws Exception {
        Database database = fresh("ingest");
        Thread[] thread = new Thread[1];
        LogWriter writer = new LogWriter(database, runnable -> thread[0] = new Thread(runnable), 16, 20_000);
        for (LogWriter.BatchStep step : steps) {
            writer.addBatchStep(step);
        }
        try {
            long start = System.nanoTime();
            long cpu = CPU.getThreadCpuTime(thread[0].getId());
            for (List<LogEntry> batch : batches) {
                writer.write(batch);
            }
            return new double[] {ingest / ((System.nanoTime() - start) / 1e9),
                ingest / ((CPU.getThreadCpuTime(thread[0].getId()) - cpu) / 1e9)};
        } finally {
            writer.close();
        }
    }

    double[] writer(List<List<LogEntry>> batches, LogWriter.BatchStep step, boolean triggers, String tokenizer) throws Exception {
        return writer(batches, step, triggers, tokenizer, null);
    }

    /** {@code extra}: a CREATE statement and an INSERT … WHERE id > ? run as one more batch step. */
    double[] writer(List<List<LogEntry>> batches, LogWriter.BatchStep step, boolean triggers, String tokenizer, String[] extra)
            throws Exception {
        Database database = fresh("ingest");
        try (Connection connection = database.openForWriting(); Statement statement = connection.createStatement()) {
            if (tokenizer != null) {
                statement.executeUpdate("DROP TABLE log_fts");
                statement.executeUpdate("CREATE VIRTUAL TABLE log_fts USING fts5(message, name, module, funcname,"
                        + " content = 'log', content_rowid = 'id', tokenize = '" + tokenizer + "')");
            }
            if (extra != null) {
                statement.executeUpdate(extra[0]);
            }
            if (triggers) {
                for (String trigger : TRIGGERS) {
                    statement.executeUpdate(trigger);
                }
            }
        }
        Thread[] thread = new Thread[1];
        LogWriter writer = new LogWriter(database, runnable -> thread[0] = new Thread(runnable), 16, 20_000);
        if (step != null) {
            writer.addBatchStep(step);
        }
        if (extra != null) {
            writer.addBatchStep((connection, inserted, lastIdBefore) -> {
                try (java.sql.PreparedStatement insert = connection.prepareStatement(extra[1])) {
                    insert.setLong(1, lastIdBefore);
                    insert.executeUpdate();
                }
            });
        }
        double[] rate;
        try {
            long start = System.nanoTime();
            long cpu = CPU.getThreadCpuTime(thread[0].getId());
            for (List<LogEntry> batch : batches) {
                writer.write(batch);
            }
            rate = new double[] {ingest / ((System.nanoTime() - start) / 1e9),
                ingest / ((CPU.getThreadCpuTime(thread[0].getId()) - cpu) / 1e9), 0};
        } finally {
            writer.close();
        }
        try (Connection connection = database.openForWriting(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        rate[2] = bytesPerRecord();
        return rate;
    }

    /** What per-row maintenance of the same derived tables looks like. */
    static final String[] TRIGGERS = {
        "CREATE TRIGGER log_fts_ai AFTER INSERT ON log BEGIN"
                + " INSERT INTO log_fts (rowid, message, name, module, funcname) VALUES (new.id, new.message, new.name, new.module, new.funcname); END",
        "CREATE TRIGGER log_minute_ai AFTER INSERT ON log BEGIN"
                + " INSERT INTO log_minute VALUES (new.created / 60000, coalesce(new.system_id, ''), new.levelno, coalesce(new.input, ''), 1)"
                + " ON CONFLICT DO UPDATE SET n = n + 1;"
                + " INSERT INTO input_minute VALUES (new.received / 60000, coalesce(new.input, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1;"
                + " INSERT INTO log_version VALUES (coalesce(new.system_id, ''), coalesce(new.package_version, ''), new.created, new.created, 1)"
                + " ON CONFLICT DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), n = n + 1;"
                + " INSERT INTO log_value SELECT f, v, new.created, new.created FROM (SELECT 'system_id' f, new.system_id v UNION ALL"
                + " SELECT 'sub_system_id', new.sub_system_id UNION ALL SELECT 'sub_sub_system_id', new.sub_sub_system_id UNION ALL"
                + " SELECT 'produkt_id', new.produkt_id UNION ALL SELECT 'user_spec_1', new.user_spec_1 UNION ALL"
                + " SELECT 'user_spec_2', new.user_spec_2 UNION ALL SELECT 'package_version', new.package_version UNION ALL"
                + " SELECT 'stage', new.stage) WHERE v IS NOT NULL"
                + " ON CONFLICT DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen); END",
    };

    // ---------------------------------------------------------------- queries

    void queries() throws Exception {
        Path file = dir.resolve("query-" + records + ".sqlite");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        long now = System.currentTimeMillis();
        LogStore store = LogStore.standalone(file, Executors.defaultThreadFactory());
        try {
            System.out.printf(Locale.ROOT, "%nSeeding %,d records (30 days) through LogStore.append ...%n", records);
            long start = System.nanoTime();
            Random random = new Random(42);
            long step = 30 * DAY / records;
            long first = now - 30 * DAY;
            for (int done = 0; done < records; done += BATCH) {
                List<LogEntry> batch = new ArrayList<>(BATCH);
                for (int i = done; i < Math.min(records, done + BATCH); i++) {
                    batch.add(entry(random, i, first + i * step));
                }
                store.append(batch);
                if ((done / BATCH) % 100 == 0 && done > 0) {
                    System.out.printf(Locale.ROOT, "  %,d stored (%,.0f/s)%n", done, done / ((System.nanoTime() - start) / 1e9));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "  seeded in %.1f s (%,.0f records/s); file %,d MB%n", seconds, records / seconds,
                    Files.size(file) / 1_000_000);

            System.out.printf(Locale.ROOT, "%nQueries at %,d records, server time in the store (ms: best / median of 7):%n", records);
            LogFilter filtered = new LogFilter().equal(LogField.SYSTEM_ID, "svc-07").minLevel(30).from(now - DAY);
            time("default page: newest 50 + capped count", () -> page(store, new LogFilter()));
            time("default page, newest 50 only", () -> store.find(new LogFilter()).size());
            time("filtered: svc-07, >= WARNING, 24 h: 50 + count", () -> page(store, filtered));
            time("text search, rare word 'zebrafish': 50 + count", () -> page(store, new LogFilter().text("zebrafish")));
            time("text search, common word 'payment': 50 + count", () -> page(store, new LogFilter().text("payment")));
            time("text search, word start 'paym*': 50 + count", () -> page(store, new LogFilter().text("paym*")));
            time("text + filter: 'timeout', svc-03, >= WARNING", () -> page(store, new LogFilter().text("timeout")
                    .equal(LogField.SYSTEM_ID, "svc-03").minLevel(30)));
            time("  the same, page only (no count)", () -> store.find(new LogFilter().text("timeout")
                    .equal(LogField.SYSTEM_ID, "svc-03").minLevel(30)).size());
            time("svc-00, CRITICAL, all time: 50 + count", () -> page(store, new LogFilter()
                    .equal(LogField.SYSTEM_ID, "svc-00").minLevel(50)));
            time("page 20 of the default list (offset 950)", () -> store.find(new LogFilter().offset(950)).size());
            time("sorted by level: 50 + count", () -> page(store, new LogFilter().sort(LogFilter.Sort.LEVEL)));
            time("sorted by system, ascending: 50 + count", () -> page(store, new LogFilter().sort(LogFilter.Sort.SYSTEM).ascending(true)));
            time("filtered (svc-07, >= WARNING, 24 h) sorted by level", () -> page(store, new LogFilter()
                    .equal(LogField.SYSTEM_ID, "svc-07").minLevel(30).from(now - DAY).sort(LogFilter.Sort.LEVEL)));
            time("svc-07, all time, sorted by level", () -> page(store, new LogFilter()
                    .equal(LogField.SYSTEM_ID, "svc-07").sort(LogFilter.Sort.LEVEL)));
            time(">= ERROR, all time, sorted by system", () -> page(store, new LogFilter()
                    .minLevel(40).sort(LogFilter.Sort.SYSTEM)));
            time("text 'payment' sorted by level", () -> page(store, new LogFilter().text("payment").sort(LogFilter.Sort.LEVEL)));
            time("contains 'aymen' (common), all time: 50 + count", () -> page(store, new LogFilter().contains("aymen")));
            time("contains 'ebrafis' (rare), last 24 h: 50 + count", () -> page(store, new LogFilter().contains("ebrafis").from(now - DAY)));
            time("contains 'ebrafis' (rare), all time: 50 + count", () -> {
                try {
                    return page(store, new LogFilter().contains("ebrafis"));
                } catch (SearchTooSlowException e) {
                    return -1;
                }
            });
            time("chart: per minute x level, 24 h", () -> store.perLevel(now - DAY, now, 1, null).size());
            time("chart: per hour x level, 7 d", () -> store.perLevel(now - 7 * DAY, now, 60, null).size());
            time("chart: top systems by errors, 24 h", () -> store.topSystems(now - DAY, now, 40, 10).size());
            time("chart: ingestion per input, 24 h", () -> store.perInput(now - DAY, now, 1).size());
            time("distinct system_id values", () -> store.values(LogField.SYSTEM_ID).size());
            time("services: versions per system", () -> store.versions().size());
        } finally {
            store.stop();
        }
    }

    static int page(LogStore store, LogFilter filter) {
        return store.find(filter).size() + (int) store.countQuickly(filter, 10_000, 200);
    }

    static void time(String what, Supplier<Integer> query) {
        double[] millis = new double[7];
        int result = 0;
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            result = query.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "  %-50s %8.1f %8.1f   (%d rows)%n", what, millis[0], millis[3], result);
    }

    // ---------------------------------------------------------------- data

    List<List<LogEntry>> batches(int count, long end) {
        Random random = new Random(7);
        List<List<LogEntry>> batches = new ArrayList<>();
        List<LogEntry> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(entry(random, i, end - (count - i) * 10L));
            if (batch.size() == BATCH) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    static LogEntry entry(Random random, long seq, long created) {
        int roll = random.nextInt(100);
        Level level = roll < 30 ? Level.DEBUG : roll < 80 ? Level.INFO : roll < 92 ? Level.WARNING : roll < 99 ? Level.ERROR : Level.CRITICAL;
        int system = (int) Math.min(39, Math.abs(random.nextGaussian() * 12));
        StringBuilder message = new StringBuilder();
        int words = 4 + random.nextInt(10);
        for (int w = 0; w < words; w++) {
            message.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        message.append(random.nextInt(1_000_000));
        if (random.nextInt(10_000) == 0) {
            message.append(" zebrafish");
        }
        LogEntry entry = new LogEntry().created(created).received(created + 3).level(level).seq(seq)
                .lineno(10 + random.nextInt(900))
                .set(LogField.CLIENT_ID, "bench").set(LogField.LEVELNAME, level.name())
                .set(LogField.SYSTEM_ID, String.format(Locale.ROOT, "svc-%02d", system))
                .set(LogField.SUB_SYSTEM_ID, "host-" + random.nextInt(8))
                .set(LogField.PRODUKT_ID, "product-" + (system % 5))
                .set(LogField.PACKAGE_VERSION, "1." + (system % 3) + "." + random.nextInt(3))
                .set(LogField.STAGE, "TESTING").set(LogField.INPUT, random.nextInt(4) == 0 ? "gelf" : "native")
                .set(LogField.NAME, "com.example.svc" + system + ".Worker")
                .set(LogField.MODULE, "worker" + random.nextInt(20)).set(LogField.FUNCNAME, "handle" + random.nextInt(30))
                .set(LogField.THREADNAME, "pool-1-thread-" + random.nextInt(16)).set(LogField.PROCESS, "4711")
                .set(LogField.MESSAGE, message.toString());
        if (level.number() >= 40 && random.nextInt(3) == 0) {
            entry.set(LogField.EXC_TEXT, "java.lang.IllegalStateException: " + WORDS[random.nextInt(WORDS.length)]
                    + " failed\n\tat com.example.Worker.handle(Worker.java:42)\n\tat java.base/java.lang.Thread.run(Thread.java:840)");
        }
        return entry;
    }
}
