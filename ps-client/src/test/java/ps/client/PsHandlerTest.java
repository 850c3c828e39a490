package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PsHandlerTest {
    private PsHandler handler;
    private Logger logger;
    private final List<LogEntry> entries = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            entries.add(handler.toEntry(record)); // on the logging thread, like PsHandler.publish
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws IOException {
        PsHandler.Settings settings = new PsHandler.Settings()
                .host(FakeBridge.HOST)
                .port(FakeBridge.closedPort())
                .closeTimeout(Duration.ZERO)
                .spool("none")
                .system("billing")
                .identity(LogField.SUB_SYSTEM_ID, "host-7")
                .identity(LogField.SUB_SUB_SYSTEM_ID, "invoices")
                .identity(LogField.PRODUKT_ID, "P-42")
                .identity(LogField.USER_SPEC_1, "tenant-a")
                .identity(LogField.USER_SPEC_2, "eu-west")
                .identity(LogField.PACKAGE_VERSION, "2.3.4")
                .stage(Stage.INTEGRATION);
        handler = new PsHandler(settings);
        logger = Logger.getLogger("ps.client.PsHandlerTest." + System.identityHashCode(this));
        logger.setUseParentHandlers(false);
        logger.setLevel(java.util.logging.Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(capture);
        handler.close();
    }

    private LogEntry single() {
        assertEquals(1, entries.size());
        return entries.get(0);
    }

    /** The line after the calling one. */
    private static int nextLine() {
        return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber() + 1;
    }

    @Test
    void stampsTheIdentityFromTheSettings() {
        logger.info("hello");

        LogEntry entry = single();
        assertEquals("billing", entry.get(LogField.SYSTEM_ID));
        assertEquals("host-7", entry.get(LogField.SUB_SYSTEM_ID));
        assertEquals("invoices", entry.get(LogField.SUB_SUB_SYSTEM_ID));
        assertEquals("P-42", entry.get(LogField.PRODUKT_ID));
        assertEquals("tenant-a", entry.get(LogField.USER_SPEC_1));
        assertEquals("eu-west", entry.get(LogField.USER_SPEC_2));
        assertEquals("2.3.4", entry.get(LogField.PACKAGE_VERSION));
        assertEquals("INTEGRATION", entry.get(LogField.STAGE));
        assertEquals(Long.toString(ProcessHandle.current().pid()), entry.get(LogField.PROCESS));
        assertEquals(logger.getName(), entry.get(LogField.NAME));
        assertEquals("hello", entry.get(LogField.MESSAGE));
    }

    @Test
    void mapsTheLevelToNumberAndName() {
        logger.severe("s");
        logger.warning("w");
        logger.config("c");
        logger.finest("f");

        assertEquals(List.of(40, 30, 10, 5), entries.stream().map(LogEntry::levelno).toList());
        assertEquals(List.of("ERROR", "WARNING", "DEBUG", "TRACE"),
                entries.stream().map(e -> e.get(LogField.LEVELNAME)).toList());
    }

    @Test
    void formatsParameters() {
        logger.log(java.util.logging.Level.INFO, "user {0} has {1} items", new Object[] {"anna", 3});

        assertEquals("user anna has 3 items", single().get(LogField.MESSAGE));
    }

    @Test
    void formatsLaterAsJulWouldNowAndAMutableParameterAtOnce() {
        List<String> items = new java.util.ArrayList<>(List.of("a"));
        logger.log(java.util.logging.Level.INFO, "{0} of {1}", new Object[] {1234, "x"});
        logger.log(java.util.logging.Level.INFO, "items {0}", new Object[] {items});
        items.add("b");

        assertEquals(java.text.MessageFormat.format("{0} of {1}", 1234, "x"), entries.get(0).get(LogField.MESSAGE));
        assertEquals("items [a]", entries.get(1).get(LogField.MESSAGE), "as it was when logged");
    }

    @Test
    void takesTheCreationTimeOfTheRecord() {
        LogRecord record = new LogRecord(java.util.logging.Level.INFO, "m");
        record.setInstant(java.time.Instant.ofEpochMilli(1_764_158_400_123L));

        assertEquals(1_764_158_400_123L, handler.toEntry(record).created());
    }

    @Test
    void recordsSourceClassMethodFileAndLineOfTheCall() {
        int line = nextLine();
        logger.warning("where am I");

        LogEntry entry = single();
        assertEquals(PsHandlerTest.class.getName(), entry.get(LogField.MODULE));
        assertEquals("recordsSourceClassMethodFileAndLineOfTheCall", entry.get(LogField.FUNCNAME));
        assertEquals("PsHandlerTest.java", entry.get(LogField.FILENAME));
        assertEquals(line, entry.lineno());
    }

    @Test
    void anExplicitSourceFromLogpIsKept() {
        logger.logp(java.util.logging.Level.INFO, "com.example.Elsewhere", "run", "explicit");

        LogEntry entry = single();
        assertEquals("com.example.Elsewhere", entry.get(LogField.MODULE));
        assertEquals("run", entry.get(LogField.FUNCNAME));
        assertNull(entry.lineno(), "that class is not on the stack");
    }

    @Test
    void theSourceSetOnTheRecordIsWhatJulWouldInfer() {
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.logging.Handler after = new java.util.logging.Handler() {
            @Override
            public void publish(LogRecord record) { // JUL infers on the logging thread, inside publish
                seen.set(record.getSourceClassName() + "#" + record.getSourceMethodName());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(after);
        try {
            logger.info("who called");
        } finally {
            logger.removeHandler(after);
        }
        String ours = seen.get();
        Logger plain = Logger.getLogger(logger.getName() + ".plain");
        plain.setUseParentHandlers(false);
        plain.addHandler(after);
        try {
            plain.info("JUL infers alone");
        } finally {
            plain.removeHandler(after);
        }
        assertEquals(PsHandlerTest.class.getName() + "#theSourceSetOnTheRecordIsWhatJulWouldInfer", seen.get());
        assertEquals(seen.get(), ours, "set from the frame PsHandler found, as JUL infers it alone");
    }

    @Test
    void explicitSourceNotOnTheStackHasNoLine() {
        LogRecord record = new LogRecord(java.util.logging.Level.INFO, "m");
        record.setSourceClassName("com.example.Elsewhere");
        record.setSourceMethodName("run");

        LogEntry entry = handler.toEntry(record);

        assertEquals("com.example.Elsewhere", entry.get(LogField.MODULE));
        assertEquals("run", entry.get(LogField.FUNCNAME));
        assertNull(entry.lineno());
        assertNull(entry.get(LogField.FILENAME));
    }

    @Test
    void excTextHoldsTheStackTrace() {
        IllegalStateException failure = new IllegalStateException("boom", new java.io.IOException("disk gone"));

        logger.log(java.util.logging.Level.SEVERE, "failed", failure);

        String text = single().get(LogField.EXC_TEXT);
        assertNotNull(text);
        assertTrue(text.startsWith("java.lang.IllegalStateException: boom"), text);
        assertTrue(text.contains("at " + PsHandlerTest.class.getName() + ".excTextHoldsTheStackTrace("), text);
        assertTrue(text.contains("Caused by: java.io.IOException: disk gone"), text);
        assertEquals("failed", single().get(LogField.MESSAGE));
    }

    @Test
    void noExceptionNoExcText() {
        logger.info("fine");

        assertNull(single().get(LogField.EXC_TEXT));
    }

    @Test
    void threadNameAndIdAreTheLoggingThreads() throws InterruptedException {
        AtomicReference<Long> id = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            id.set(Thread.currentThread().getId());
            logger.info("from a worker");
        }, "worker-42");
        thread.start();
        thread.join(5_000);

        LogEntry entry = single();
        assertEquals("worker-42", entry.get(LogField.THREADNAME));
        assertEquals(Long.toString(id.get()), entry.get(LogField.THREAD));
    }

    @Test
    void settingsApplyReadsEveryProperty() {
        Map<String, String> properties = Map.ofEntries(
                Map.entry("host", " bridge.example "),
                Map.entry("port", "9999"),
                Map.entry("queueSize", "123"),
                Map.entry("maxBackoffSeconds", "7"),
                Map.entry("closeTimeoutSeconds", "3"),
                Map.entry("level", "WARNING"),
                Map.entry("stage", "production"),
                Map.entry("system", "shop"),
                Map.entry("subSystem", "web-1"),
                Map.entry("subSubSystem", "cart"),
                Map.entry("product", "P7"),
                Map.entry("userSpec1", "u1"),
                Map.entry("userSpec2", "u2"),
                Map.entry("version", "9.8.7"));
        PsHandler.Settings settings = new PsHandler.Settings();

        settings.apply(properties::get);

        assertEquals("bridge.example", settings.host);
        assertEquals(9999, settings.port);
        assertEquals(9999, settings.resolvedPort());
        assertEquals(123, settings.queueSize);
        assertEquals(Duration.ofSeconds(7), settings.maxBackoff);
        assertEquals(Duration.ofSeconds(3), settings.closeTimeout);
        assertEquals(java.util.logging.Level.WARNING, settings.level);
        assertEquals("PRODUCTION", settings.identity.get(LogField.STAGE));
        assertEquals("shop", settings.identity.get(LogField.SYSTEM_ID));
        assertEquals("web-1", settings.identity.get(LogField.SUB_SYSTEM_ID));
        assertEquals("cart", settings.identity.get(LogField.SUB_SUB_SYSTEM_ID));
        assertEquals("P7", settings.identity.get(LogField.PRODUKT_ID));
        assertEquals("u1", settings.identity.get(LogField.USER_SPEC_1));
        assertEquals("u2", settings.identity.get(LogField.USER_SPEC_2));
        assertEquals("9.8.7", settings.identity.get(LogField.PACKAGE_VERSION));
    }

    @Test
    void settingsApplyKeepsDefaultsForMissingOrBlankProperties() {
        PsHandler.Settings settings = new PsHandler.Settings();
        String subSystem = settings.identity.get(LogField.SUB_SYSTEM_ID);

        settings.apply(Map.of("host", "  ", "stage", "testing")::get);

        assertEquals("localhost", settings.host);
        assertEquals(10_000, settings.queueSize);
        assertEquals(java.util.logging.Level.ALL, settings.level);
        assertEquals(subSystem, settings.identity.get(LogField.SUB_SYSTEM_ID));
        assertEquals(Stage.TESTING.nativePort(), settings.resolvedPort(), "no port: the stage's native port");
    }
}
