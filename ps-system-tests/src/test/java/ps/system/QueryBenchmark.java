package ps.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.UnaryOperator;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import ps.client.LogField;
import ps.db.Database;
import ps.store.control.LogQuery;
import ps.db.Migrations;
import ps.store.control.QueryBudget;
import ps.store.entity.LogFilter;

/**
 * The query benchmark (bin/ps-query-bench; not part of the test run). Fills a store of
 * {@code -Dquery.records} (default 1,000,000) realistic records with plain JDBC batches through PS's own
 * migrations (derived tables filled afterwards by the statements of migration V11), then for every query
 * shape prints median, p95 and rows: the plain SQL (what PS ran before the query planning) and the planned
 * SQL on the file, the REST API of a real PS on that file, and the console page in headless Chromium.
 * The file is kept under target/query-bench and reused by the next run of the same size.
 */
class QueryBenchmark {
    private static final int RECORDS = Integer.getInteger("query.records", 1_000_000);
    private static final int RUNS = Integer.getInteger("query.runs", 15);
    private static final int BROWSER_RUNS = Integer.getInteger("query.browser.runs", 7);
    /** -Dquery.raw=false: only REST and console (the SQL columns stay empty). */
    private static final boolean RAW = !"false".equals(System.getProperty("query.raw"));
    /** A plain query slower than this is stopped (and measured fewer times). */
    private static final long PLAIN_BUDGET_MILLIS = 10_000;
    private static final long DAY = 86_400_000L;
    /** The newest record's time: fixed, so that a reused file's ranges mean the same; queries are relative to it. */
    private static final long NOW = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli();
    private static final int SYSTEMS = 40;

    record Shape(String name, String query, UnaryOperator<LogFilter> filter) {
    }

    static List<Shape> shapes() {
        long m15 = NOW - 15 * 60_000L;
        long h1 = NOW - 3_600_000L;
        long h24 = NOW - DAY;
        long d7 = NOW - 7 * DAY;
        return List.of(
                new Shape("newest page of 50", "", f -> f),
                new Shape("newest page of 500", "limit=500", f -> f.limit(500)),
                new Shape("deep page (offset 100000)", "offset=100000", f -> f.offset(100_000)),
                new Shape("oldest first", "order=asc", f -> f.ascending(true)),
                new Shape("level >= WARNING (~1 %)", "level=30", f -> f.minLevel(30)),
                new Shape("level >= ERROR (~0.2 %)", "level=40", f -> f.minLevel(40)),
                new Shape("level >= CRITICAL (~0.02 %)", "level=50", f -> f.minLevel(50)),
                new Shape("level >= WARNING, 500, offset 5000", "level=30&limit=500&offset=5000", f -> f.minLevel(30).limit(500).offset(5000)),
                new Shape("level >= WARNING, oldest first", "level=30&order=asc", f -> f.minLevel(30).ascending(true)),
                new Shape("one system (common)", "system_id=sys-00", f -> f.equal(LogField.SYSTEM_ID, "sys-00")),
                new Shape("one system (rare)", "system_id=sys-39", f -> f.equal(LogField.SYSTEM_ID, "sys-39")),
                new Shape("system + level >= WARNING", "system_id=sys-01&level=30", f -> f.equal(LogField.SYSTEM_ID, "sys-01").minLevel(30)),
                new Shape("rare system + level >= ERROR", "system_id=sys-39&level=40", f -> f.equal(LogField.SYSTEM_ID, "sys-39").minLevel(40)),
                new Shape("sub-system", "sub_system_id=sys-02.sub1", f -> f.equal(LogField.SUB_SYSTEM_ID, "sys-02.sub1")),
                new Shape("product + user spec 1", "produkt_id=prod-3&user_spec_1=tenant-17",
                        f -> f.equal(LogField.PRODUKT_ID, "prod-3").equal(LogField.USER_SPEC_1, "tenant-17")),
                new Shape("version + stage", "package_version=1.4.2&stage=TEST",
                        f -> f.equal(LogField.PACKAGE_VERSION, "1.4.2").equal(LogField.STAGE, "TEST")),
                new Shape("word, common", "text=order", f -> f.text("order")),
                new Shape("word, rare", "text=deadlock", f -> f.text("deadlock")),
                new Shape("word start", "text=paym*", f -> f.text("paym*")),
                new Shape("word + level >= ERROR", "text=payment&level=40", f -> f.text("payment").minLevel(40)),
                new Shape("contains, common", "contains=rder", f -> f.contains("rder")),
                new Shape("contains, rare (whole id)", "contains=" + enc("order 4242424 "), f -> f.contains("order 4242424 ")),
                new Shape("contains, rare (word start)", "contains=" + enc("adlock detec"), f -> f.contains("adlock detec")),
                new Shape("contains, rare (inside a word)", "contains=eadloc", f -> f.contains("eadloc")),
                new Shape("contains common + level >= ERROR", "contains=rder&level=40", f -> f.contains("rder").minLevel(40)),
                new Shape("last 15 min", "from=" + m15, f -> f.from(m15)),
                new Shape("last hour, level >= WARNING", "from=" + h1 + "&level=30", f -> f.from(h1).minLevel(30)),
                new Shape("last 24 h, level >= ERROR", "from=" + h24 + "&level=40", f -> f.from(h24).minLevel(40)),
                new Shape("last 7 days, system", "from=" + d7 + "&system_id=sys-05", f -> f.from(d7).equal(LogField.SYSTEM_ID, "sys-05")),
                new Shape("sort by level", "sort=level", f -> f.sort(LogFilter.Sort.LEVEL)),
                new Shape("sort by level, ascending", "sort=level&order=asc", f -> f.sort(LogFilter.Sort.LEVEL).ascending(true)),
                new Shape("sort by system", "sort=system", f -> f.sort(LogFilter.Sort.SYSTEM)),
                new Shape("sort by system + level >= ERROR", "sort=system&level=40", f -> f.sort(LogFilter.Sort.SYSTEM).minLevel(40)),
                new Shape("sort by level + system", "sort=level&system_id=sys-03", f -> f.sort(LogFilter.Sort.LEVEL).equal(LogField.SYSTEM_ID, "sys-03")));
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void queries() throws Exception {
        Path dir = Path.of("target", "query-bench", Integer.toString(RECORDS)).toAbsolutePath();
        Path file = dir.resolve("ps.sqlite");
        if (!Files.exists(dir.resolve("filled"))) {
            fill(dir, file);
        }
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "=== query benchmark: %,d records, %,d bytes (%.0f bytes/record), %d runs, load %s",
                RECORDS, Files.size(file), (double) Files.size(file) / RECORDS, RUNS, load()));
        List<Shape> shapes = shapes();
        String[][] cells = raw(file, shapes);
        // keep every record: the records end at NOW (a fixed date), and the test stage's 7 days of retention
        // would delete most of them while the benchmark runs (REST and console then disagree, see docs/herald.md)
        PsServer server = PsServer.start(dir, java.util.Map.of("PS_RETENTION_DAYS", "0"));
        try {
            HttpResponse<String> created = server.send("POST", "/api/users/admin/tokens", PsServer.admin(), "{\"label\":\"bench\"}");
            String bearer = "Bearer " + Json.createReader(new StringReader(created.body())).readObject().getString("token");
            int[] restRows = new int[shapes.size()];
            for (int i = 0; i < shapes.size(); i++) {
                String path = "/api/logs?" + shapes.get(i).query();
                int shape = i;
                cells[i][5] = time(RUNS, () -> {
                    HttpResponse<String> response = server.send("GET", path, bearer, null);
                    if (response.statusCode() != 200) {
                        return -response.statusCode();
                    }
                    return restRows[shape] = Json.createReader(new StringReader(response.body())).readObject().getJsonArray("records").size();
                });
                System.out.println("rest " + shapes.get(i).name() + " | " + cells[i][5]);
            }
            try (Browser browser = new Browser(server)) {
                browser.login("admin", PsServer.ADMIN_PASSWORD);
                for (int i = 0; i < shapes.size(); i++) {
                    String page = "/index.xhtml?" + consoleQuery(shapes.get(i).query());
                    int shape = i;
                    cells[i][6] = time(BROWSER_RUNS, () -> {
                        browser.open(page);
                        browser.await(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("logs:records")));
                        int rows = browser.driver.findElements(By.cssSelector("#logs\\:records_data > tr[data-ri]")).size();
                        if (rows != restRows[shape]) {
                            // kept for a look: what the console drew where REST gave another number of rows
                            Files.writeString(dir.resolve("console-" + shape + ".html"), browser.driver.getPageSource());
                        }
                        return rows;
                    });
                    System.out.println("console " + shapes.get(i).name() + " | " + cells[i][6]);
                }
            }
        } finally {
            server.close();
        }
        out.add("| query | plain SQL (before) | planned SQL (after) | count ≤ 10,000 | plan | REST | console (Chromium) |");
        out.add("|---|---|---|---|---|---|---|");
        for (String[] row : cells) {
            out.add("| " + String.join(" | ", row) + " |");
        }
        out.add("each cell: median / p95 ms, rows (a count's rows: the count); \"stopped\": over " + PLAIN_BUDGET_MILLIS
                + " ms; load after: " + load());
        out.forEach(System.out::println);
        Files.write(dir.resolve("result.md"), out);
    }

    /** Plain SQL, planned SQL and planned count of every shape on the file (cells 5 and 6 left for REST and console). */
    static String[][] raw(Path file, List<Shape> shapes) throws Exception {
        String[][] cells = new String[shapes.size()][];
        Database database = new Database(file);
        try (Connection connection = database.openForReading()) {
            for (int i = 0; i < shapes.size(); i++) {
                Shape shape = shapes.get(i);
                LogQuery query = new LogQuery(shape.filter().apply(new LogFilter()));
                if (!RAW) {
                    cells[i] = new String[] {shape.name(), "", "", "", query.plan(connection).how(), "", ""};
                    continue;
                }
                String plain = time(RUNS, () -> within(connection, () -> query.selectPlain(connection).size()));
                String planned = time(RUNS, () -> within(connection, () -> query.select(connection).size()));
                String count = time(RUNS, () -> within(connection, () -> (int) query.count(connection, 10_000)));
                cells[i] = new String[] {shape.name(), plain, planned, count, query.plan(connection).how(), "", ""};
                System.out.println("raw " + String.join(" | ", cells[i]));
            }
        }
        return cells;
    }

    /**
     * The plain and planned SQL alone, without Maven, a server or a browser: {@code java … ps.system.QueryBenchmark DIR}.
     * A store it fills has the migrations on its class path only (with ps-ejb's alone, not ps-web's and
     * ps-batch's): PS refuses to start on it ("resolved migration not applied"), so fill for the full
     * benchmark through bin/ps-query-bench, or put ps-web's and ps-batch's classes on the class path too.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).toAbsolutePath();
        if (!Files.exists(dir.resolve("filled"))) {
            fill(dir, dir.resolve("ps.sqlite"));
        }
        System.out.println("=== raw SQL, " + RECORDS + " records, load " + load());
        for (String[] row : raw(dir.resolve("ps.sqlite"), shapes())) {
            System.out.println("| " + String.join(" | ", Arrays.copyOf(row, 5)) + " |");
        }
        System.out.println("load after: " + load());
    }

    /** The console's view parameters for the API's query (the console names some filters differently). */
    static String consoleQuery(String api) {
        return api.replaceAll("&?offset=\\d+", "").replace("system_id=", "system=")
                .replace("produkt_id=", "product=").replace("package_version=", "version=").replace("limit=", "size=")
                .replace("level=30", "level=WARNING").replace("level=40", "level=ERROR").replace("level=50", "level=CRITICAL");
    }

    interface Run {
        int run() throws Exception;
    }

    private static int within(Connection connection, QueryBudget.Reading<Integer> reading) throws SQLException {
        Integer rows = QueryBudget.within(connection, PLAIN_BUDGET_MILLIS, reading);
        return rows == null ? Integer.MIN_VALUE : rows;
    }

    /** "median / p95 ms, rows" over the runs (after one warm-up); a run over the budget ends the series. */
    static String time(int runs, Run run) throws Exception {
        run.run();
        double[] millis = new double[runs];
        int rows = 0;
        int done = 0;
        for (; done < runs; done++) {
            long start = System.nanoTime();
            rows = run.run();
            millis[done] = (System.nanoTime() - start) / 1e6;
            if (rows == Integer.MIN_VALUE) {
                return String.format(Locale.ROOT, "stopped at %.0f ms", millis[done]);
            }
            if (millis[done] > 2_000 && done >= 2) {
                done++;
                break;
            }
        }
        double[] taken = Arrays.copyOf(millis, done);
        Arrays.sort(taken);
        double median = taken[taken.length / 2];
        double p95 = taken[Math.min(taken.length - 1, (int) Math.ceil(taken.length * 0.95) - 1)];
        return String.format(Locale.ROOT, "%s / %s, %d", ms(median), ms(p95), rows);
    }

    private static String ms(double millis) {
        return millis < 10 ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.0f", millis);
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    // ---------------------------------------------------------------- the store

    /**
     * Levels as in real logs: 19 % DEBUG, 80 % INFO, 0.8 % WARNING, 0.18 % ERROR, 0.02 % CRITICAL;
     * systems skewed (the first few log most); messages with ids and words.
     */
    static void fill(Path dir, Path file) throws Exception {
        Files.createDirectories(dir);
        Files.deleteIfExists(file);
        // PS creates the schema of all its components first: this class path lacks the migrations of the
        // WAR's components (security, batch), and a store migrated without them fails the server's validation
        PsServer.start(dir, java.util.Map.of("PS_RETENTION_DAYS", "0")).stop();
        Database database = new Database(file);
        Migrations.migrate(database);
        String[] templates = {
            "order %d placed by customer %d", "GET /api/orders/%d 200 in %d ms", "payment %d declined: card expired (customer %d)",
            "cache miss for key user:%d (%d entries)", "session %d of user %d renewed", "invoice %d exported to archive %d",
        };
        String sql = "INSERT INTO log (created, received, levelno, levelname, lineno, name, module, funcname, filename, threadname,"
                + " message, system_id, sub_system_id, produkt_id, user_spec_1, package_version, stage, input, peer)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        Random random = new Random(2026);
        long span = 30 * DAY;
        long start = System.nanoTime();
        try (Connection connection = database.openForWriting(); PreparedStatement insert = connection.prepareStatement(sql)) {
            connection.setAutoCommit(false);
            for (int i = 0; i < RECORDS; i++) {
                long created = NOW - span + span * i / RECORDS + random.nextInt(2000);
                int roll = random.nextInt(10_000);
                int level = roll < 2 ? 50 : roll < 20 ? 40 : roll < 100 ? 30 : roll < 8_100 ? 20 : 10;
                int system = Math.min(SYSTEMS - 1, (int) (-Math.log(1 - random.nextDouble()) * 6));
                String systemId = String.format(Locale.ROOT, "sys-%02d", system);
                String message;
                if (random.nextInt(100_000) == 0) {
                    message = "deadlock detected on table invoice_lines";
                } else if (level >= 40) {
                    message = "NullPointerException in Cart.add for order " + random.nextInt(10_000_000);
                } else {
                    message = String.format(Locale.ROOT, templates[random.nextInt(templates.length)],
                            random.nextInt(10_000_000), random.nextInt(100_000));
                }
                insert.setLong(1, created);
                insert.setLong(2, created + random.nextInt(50));
                insert.setInt(3, level);
                insert.setString(4, ps.client.Level.ofNumber(level).name());
                insert.setInt(5, random.nextInt(900));
                insert.setString(6, systemId + ".service");
                insert.setString(7, "ps." + systemId.replace('-', '_') + ".Service");
                insert.setString(8, "handle");
                insert.setString(9, "Service.java");
                insert.setString(10, "worker-" + random.nextInt(16));
                insert.setString(11, message);
                insert.setString(12, systemId);
                insert.setString(13, systemId + ".sub" + random.nextInt(4));
                insert.setString(14, "prod-" + random.nextInt(8));
                insert.setString(15, "tenant-" + random.nextInt(200));
                insert.setString(16, "1.4." + (system + i / Math.max(1, RECORDS / 4)) % 5);
                insert.setString(17, random.nextInt(10) == 0 ? "TEST" : "PRODUCTION");
                insert.setString(18, "native");
                insert.setString(19, "/10.0.0." + system + ":40000");
                insert.addBatch();
                if ((i + 1) % 5_000 == 0 || i + 1 == RECORDS) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            System.out.printf(Locale.ROOT, "filled %,d rows in %.0f s; deriving word index and rollups%n", RECORDS,
                    (System.nanoTime() - start) / 1e9);
            // the derived tables as migration V11 fills them from what is there (its INSERT statements)
            try (Statement statement = connection.createStatement()) {
                for (String table : List.of("log_minute", "log_hour", "input_minute", "log_value", "log_version")) {
                    statement.executeUpdate("DELETE FROM " + table);
                }
                for (String insertStatement : v11Inserts()) {
                    statement.executeUpdate(insertStatement);
                }
            }
            connection.commit();
        }
        System.out.printf(Locale.ROOT, "store ready in %.0f s%n", (System.nanoTime() - start) / 1e9);
        Files.writeString(dir.resolve("filled"), Instant.now().toString());
    }

    private static List<String> v11Inserts() throws IOException {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/store/V11__search_and_rollups.sql")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            return Arrays.stream(script.split(";")).map(String::strip).filter(s -> s.startsWith("INSERT")).toList();
        }
    }
}
