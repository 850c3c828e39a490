package ps.system;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.logging.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import ps.client.PsHandler;
import ps.client.PsOutbox;
import ps.client.Stage;

/**
 * The appender benchmark (bin/ps-appender-bench; not part of the test run). Against a real PS (ps-dist's
 * ps-run through PsServer), one thread logs a burst of N records (a 1 ms pause every 1,024, as in issue 9)
 * through PsHandler, the Logback appender and the Log4j2 appender with their default settings (spool on),
 * source location on, and in the same run through Logback's own AsyncAppender (default settings, caller
 * data on) in front of a plain FileAppender. It prints, for each, the records that arrived (in PS's SQLite,
 * or lines in the file) and the time each logging call took: p50, p99, p99.9 and max.
 * Size: -Dbench.records=N (default 200000); -Dbench.only=jul,logback,log4j2 runs only those beside the baseline;
 * -Dbench.server=idle runs the server under SCHED_IDLE.
 */
class AppenderBenchmark {
    private static final int RECORDS = Integer.getInteger("bench.records", 200_000);
    private static final int WARMUP = Math.min(RECORDS, 50_000);
    private static final int PAUSE_EVERY = 1_024;
    /** -Dbench.only=jul,logback,log4j2: only these (AsyncAppender, the baseline, always runs). */
    private static final List<String> ONLY = List.of(System.getProperty("bench.only", "").split(",")).stream()
            .filter(s -> !s.isBlank()).toList();

    /**
     * -Dbench.server=idle: the PS server runs under Linux SCHED_IDLE (chrt --idle 0), so it takes no core the
     * benchmark's threads want, as a server on another host would; the default runs it as any process.
     */
    private static final boolean SERVER_IDLE = "idle".equals(System.getProperty("bench.server", "normal"));

    private record Burst(long[] nanos, double rate, long gcs, long gcMillis, long callerCpuNanos, Cpu cpuBefore) {
    }

    /**
     * CPU time per thread (ThreadMXBean), grouped by the thread's name with its address or number cut off
     * ({@code ps-outbox-localhost:9130} → {@code ps-outbox}): less noisy than latency on a shared machine.
     */
    private record Cpu(java.util.Map<Long, Long> nanosById, java.util.Map<Long, String> groupById) {
        static Cpu now() {
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            java.util.Map<Long, Long> nanos = new java.util.HashMap<>();
            java.util.Map<Long, String> groups = new java.util.HashMap<>();
            for (long id : threads.getAllThreadIds()) {
                java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
                long cpu = threads.getThreadCpuTime(id);
                if (info != null && cpu >= 0) {
                    nanos.put(id, cpu);
                    groups.put(id, group(info.getThreadName()));
                }
            }
            return new Cpu(nanos, groups);
        }

        private static String group(String name) {
            if (name.startsWith("ps-outbox")) {
                return "mover";
            }
            if (name.startsWith("ps-sender-acks")) {
                return "acks";
            }
            if (name.startsWith("ps-sender")) {
                return "sender";
            }
            if (name.startsWith("AsyncAppender-Worker")) {
                return "async worker";
            }
            return null;
        }

        /** CPU µs per record of each group since {@code before}, threads born meanwhile counted from 0. */
        String perRecord(Cpu before, long callerNanos) {
            java.util.Map<String, Long> sums = new java.util.TreeMap<>();
            nanosById.forEach((id, cpu) -> {
                String group = groupById.get(id);
                if (group != null) {
                    sums.merge(group, cpu - before.nanosById.getOrDefault(id, 0L), Long::sum);
                }
            });
            StringBuilder text = new StringBuilder(String.format("CPU µs/record: caller %.2f", callerNanos / 1e3 / RECORDS));
            sums.forEach((group, nanos) -> text.append(String.format(", %s %.2f", group, nanos / 1e3 / RECORDS)));
            return text.toString();
        }
    }

    private record Result(String name, long arrived, long dropped, long overflowed, long callerMoves, Burst burst,
                          String cpu) {
        double micros(double quantile) {
            long[] nanos = burst.nanos;
            int index = (int) Math.min(nanos.length - 1, Math.ceil(quantile * nanos.length) - 1);
            return nanos[Math.max(0, index)] / 1_000.0;
        }

        String line(Result baseline) {
            return String.format("%-34s arrived %,9d of %,d  dropped %,7d  overflowed %,8d  per call: p50 %6.1f µs"
                    + "  p99 %7.1f µs  p99.9 %8.1f µs  max %9.1f µs  (p99 %5.2f x AsyncAppender)  %,.0f records/s"
                    + "  GC %d pauses %d ms  calls over 10 µs %,d, over 100 µs %,d, over 1 ms %,d;  ring full %,d times;"
                    + "  (p99.9 %5.2f x AsyncAppender)  %s (burst and delivery)",
                    name, arrived, RECORDS, dropped, overflowed, micros(0.50), micros(0.99), micros(0.999),
                    burst.nanos[burst.nanos.length - 1] / 1_000.0, micros(0.99) / baseline.micros(0.99), burst.rate,
                    burst.gcs, burst.gcMillis, over(10_000), over(100_000), over(1_000_000), callerMoves,
                    micros(0.999) / baseline.micros(0.999), cpu);
        }

        long over(long limitNanos) {
            return Arrays.stream(burst.nanos).filter(n -> n > limitNanos).count();
        }
    }

    @Test
    void appenders() throws Exception {
        Path dir = PsServer.dataDir("appender-bench");
        PsServer server = PsServer.create(dir.resolve("ps"), java.util.Map.of());
        if (SERVER_IDLE) {
            server.scheduledBy(List.of("chrt", "--idle", "0"));
        }
        server.launch();
        List<Result> results = new ArrayList<>();
        String loadAverage = loadAverage();
        try {
            Result async = asyncAppender(dir);
            if (ONLY.isEmpty() || ONLY.contains("jul")) {
                results.add(jul(server, dir));
            }
            if (ONLY.isEmpty() || ONLY.contains("logback")) {
                results.add(logback(server, dir));
            }
            if (ONLY.isEmpty() || ONLY.contains("log4j2")) {
                results.add(log4j2(server, dir));
            }
            System.out.println("=== appender benchmark: " + RECORDS + " records from one thread, a 1 ms pause every "
                    + PAUSE_EVERY + ", source location on, against a real PS"
                    + (SERVER_IDLE ? " under SCHED_IDLE (-Dbench.server=idle)" : " scheduled as any process") + "; JVM " + System.getProperty("java.version")
                    + " " + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                            .filter(a -> a.startsWith("-X")).toList()
                    + " GC " + ManagementFactory.getGarbageCollectorMXBeans().stream()
                            .map(GarbageCollectorMXBean::getName).toList()
                    + "; load average at start " + loadAverage + ", at end " + loadAverage());
            System.out.println(async.line(async));
            for (Result result : results) {
                System.out.println(result.line(async));
            }
        } finally {
            server.stop();
        }
    }

    private static String loadAverage() throws java.io.IOException {
        return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }

    private static long[] gcCountAndMillis() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /**
     * Warms up (and waits until the warm-up records are delivered, so that their sending is not counted),
     * then logs the burst, timing every call (System.nanoTime around the logging call only); returns the
     * sorted times, the rate, the collections the burst saw and the CPU the logging thread spent.
     */
    private static Burst burst(PsOutbox outbox, IntConsumer warm, IntConsumer log) throws InterruptedException {
        for (int i = 0; i < WARMUP; i++) {
            warm.accept(i);
            if ((i + 1) % PAUSE_EVERY == 0) {
                Thread.sleep(1);
            }
        }
        if (outbox != null) {
            outbox.flush(Duration.ofSeconds(300));
        }
        Thread.sleep(2_000);
        long[] nanos = new long[RECORDS];
        long[] gcBefore = gcCountAndMillis();
        Cpu cpuBefore = Cpu.now();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long callerBefore = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < RECORDS; i++) {
            long before = System.nanoTime();
            log.accept(i);
            nanos[i] = System.nanoTime() - before;
            if ((i + 1) % PAUSE_EVERY == 0) {
                Thread.sleep(1);
            }
        }
        double rate = RECORDS / ((System.nanoTime() - start) / 1e9);
        long callerCpu = threads.getCurrentThreadCpuTime() - callerBefore;
        long[] gcAfter = gcCountAndMillis();
        Arrays.sort(nanos);
        return new Burst(nanos, rate, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], callerCpu, cpuBefore);
    }

    private static long arrived(PsServer server, String system) throws Exception {
        return server.countInDatabase("SELECT count(*) FROM log WHERE system_id = '" + system
                + "' AND message LIKE 'bench %'");
    }

    private static Result result(String name, PsServer server, String system, PsOutbox outbox, Burst burst)
            throws Exception {
        outbox.flush(Duration.ofSeconds(300));
        String cpu = Cpu.now().perRecord(burst.cpuBefore, burst.callerCpuNanos);
        return new Result(name, arrived(server, system), outbox.dropped(), outbox.overflowed(), outbox.callerMoves(), burst,
                cpu);
    }

    private static Result jul(PsServer server, Path dir) throws Exception {
        PsHandler handler = new PsHandler(new PsHandler.Settings().host("localhost").port(server.nativePort)
                .stage(Stage.TESTING).system("bench-jul").spool(dir.resolve("jul.spool").toString()));
        Logger logger = Logger.getLogger("bench.jul");
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        try {
            Burst burst = burst(handler.outbox(), i -> logger.log(java.util.logging.Level.INFO, "warm {0}", i),
                    i -> logger.log(java.util.logging.Level.INFO, "bench {0}", i));
            return result("PsHandler (JUL)", server, "bench-jul", handler.outbox(), burst);
        } finally {
            logger.removeHandler(handler);
            handler.close();
        }
    }

    private static Result logback(PsServer server, Path dir) throws Exception {
        LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ps.client.logback.PsAppender appender = new ps.client.logback.PsAppender();
        appender.setContext(context);
        appender.setName("PS");
        appender.setHost("localhost");
        appender.setPort(Integer.toString(server.nativePort));
        appender.setStage("TESTING");
        appender.setSystem("bench-logback");
        appender.setSpool(dir.resolve("logback.spool").toString());
        appender.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("bench.logback");
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.addAppender(appender);
        try {
            Burst burst = burst(appender.outbox(), i -> logger.info("warm {}", i), i -> logger.info("bench {}", i));
            return result("ps-logback PsAppender", server, "bench-logback", appender.outbox(), burst);
        } finally {
            logger.detachAppender(appender);
            appender.stop();
        }
    }

    private static Result log4j2(PsServer server, Path dir) throws Exception {
        Path xml = dir.resolve("log4j2.xml");
        Files.writeString(xml, """
                <Configuration status="WARN">
                  <Appenders>
                    <PS name="ps" host="localhost" port="%d" system="bench-log4j2" stage="TESTING" spool="%s"/>
                  </Appenders>
                  <Loggers><Root level="info" includeLocation="true"><AppenderRef ref="ps"/></Root></Loggers>
                </Configuration>
                """.formatted(server.nativePort, dir.resolve("log4j2.spool")));
        org.apache.logging.log4j.core.LoggerContext context = Configurator.initialize("bench", null, xml.toUri());
        try {
            org.apache.logging.log4j.Logger logger = context.getLogger("bench.log4j2");
            ps.client.log4j2.PsAppender appender = context.getConfiguration().getAppender("ps");
            Burst burst = burst(appender.outbox(), i -> logger.info("warm {}", i), i -> logger.info("bench {}", i));
            return result("ps-log4j2 PsAppender", server, "bench-log4j2", appender.outbox(), burst);
        } finally {
            Configurator.shutdown(context);
        }
    }

    private static Result asyncAppender(Path dir) throws Exception {
        LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{ISO8601} %level %logger %class.%method\\(%file:%line\\) [%thread] %msg%n");
        encoder.start();
        Path file = dir.resolve("async.log");
        FileAppender<ILoggingEvent> plain = new FileAppender<>();
        plain.setContext(context);
        plain.setName("file");
        plain.setFile(file.toString());
        plain.setEncoder(encoder);
        plain.start();
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("async");
        async.setIncludeCallerData(true);
        async.addAppender(plain);
        async.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("bench.async");
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.addAppender(async);
        Burst burst;
        String cpu;
        try {
            burst = burst(null, i -> logger.info("warm {}", i), i -> logger.info("bench {}", i));
            // before stop(), which ends the worker: what it has not written yet (its queue holds 256) is left out
            cpu = Cpu.now().perRecord(burst.cpuBefore, burst.callerCpuNanos);
        } finally {
            logger.detachAppender(async);
            async.stop();
            plain.stop();
        }
        long arrived;
        try (var lines = Files.lines(file)) {
            arrived = lines.filter(line -> line.contains("] bench ")).count();
        }
        return new Result("Logback AsyncAppender + FileAppender", arrived, RECORDS - arrived, 0, 0, burst, cpu);
    }
}
