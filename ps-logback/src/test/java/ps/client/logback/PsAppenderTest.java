package ps.client.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import ps.client.FakeBridge;
import ps.client.LogEntry;
import ps.client.LogField;

/** Real Logback logging through the appender to a real socket speaking the native protocol. */
class PsAppenderTest {
    @TempDir
    Path dir;
    private PsAppender appender;
    private Logger logger;

    private Logger start(int port, String queueSize) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender = new PsAppender();
        appender.setContext(context);
        appender.setName("PS");
        appender.setHost(FakeBridge.HOST);
        appender.setPort(Integer.toString(port));
        appender.setSystem("logback-app");
        appender.setStage("testing");
        appender.setQueueSize(queueSize);
        appender.setMaxBackoffSeconds("1");
        appender.setSpool(dir.resolve("app.spool").toString());
        appender.start();
        assertTrue(appender.isStarted());
        logger = context.getLogger("ps.test.logback." + System.nanoTime());
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.ALL);
        logger.addAppender(appender);
        return logger;
    }

    @AfterEach
    void stop() {
        if (logger != null) {
            logger.detachAppender(appender);
        }
        appender.stop();
        MDC.clear();
    }

    @Test
    void aMutableArgumentIsFormattedAsItWasWhenLogged() throws Exception {
        try (FakeBridge bridge = new FakeBridge()) {
            org.slf4j.Logger log = start(bridge.port(), "100");
            List<String> items = new java.util.ArrayList<>(List.of("a"));
            log.info("items {} and {}", items, 5);
            items.add("b");
            assertTrue(appender.outbox().flush(Duration.ofSeconds(10)), "delivered: " + appender.outbox().lastError());

            assertEquals("items [a] and 5", bridge.received().get(0).entry().get(LogField.MESSAGE));
        }
    }

    @Test
    void anEventArrivesWithItsSourceThreadExceptionAndMdcInPsFields() throws Exception {
        try (FakeBridge bridge = new FakeBridge()) {
            org.slf4j.Logger log = start(bridge.port(), "100");
            MDC.put("order", "A-17");
            MDC.put("user", "alice \"the\" admin");
            IllegalStateException failure = new IllegalStateException("broken");
            log.warn("order {} failed", 17, failure); int line = new Throwable().getStackTrace()[0].getLineNumber();
            assertTrue(appender.outbox().flush(Duration.ofSeconds(10)), "delivered: " + appender.outbox().lastError());
            LogEntry entry = bridge.received().get(0).entry();

            assertEquals("order 17 failed", entry.get(LogField.MESSAGE));
            assertEquals("WARNING", entry.get(LogField.LEVELNAME));
            assertEquals(30, entry.levelno());
            assertEquals(logger.getName(), entry.get(LogField.NAME));
            assertEquals(PsAppenderTest.class.getName(), entry.get(LogField.MODULE));
            assertEquals("anEventArrivesWithItsSourceThreadExceptionAndMdcInPsFields", entry.get(LogField.FUNCNAME));
            assertEquals("PsAppenderTest.java", entry.get(LogField.FILENAME));
            assertEquals(line, entry.lineno());
            assertEquals(Thread.currentThread().getName(), entry.get(LogField.THREADNAME));
            assertEquals(Long.toString(Thread.currentThread().getId()), entry.get(LogField.THREAD));
            assertTrue(entry.get(LogField.EXC_TEXT).startsWith("java.lang.IllegalStateException: broken"),
                    entry.get(LogField.EXC_TEXT));
            assertTrue(entry.get(LogField.EXC_TEXT).contains("at " + PsAppenderTest.class.getName()));
            String extra = entry.get(LogField.EXTRA);
            assertTrue(extra.contains("\"order\":\"A-17\""), extra);
            assertTrue(extra.contains("\"user\":\"alice \\\"the\\\" admin\""), extra);
            assertEquals("logback-app", entry.get(LogField.SYSTEM_ID));
            assertEquals("TESTING", entry.get(LogField.STAGE));
        }
    }

    @Test
    void withTheBridgeDownLoggingNeverBlocksAndABurstOverflowsToTheSpoolLosingNothing() throws Exception {
        int port = FakeBridge.closedPort();
        int count = 20_000;
        org.slf4j.Logger log = start(port, "50");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < count; i++) {
                log.info("burst {}", i);
            }
        }, "logging does not wait for the bridge");
        assertEquals(0, appender.outbox().dropped(), "nothing dropped: " + appender.outbox().lastError());
        try (FakeBridge bridge = new FakeBridge(port)) {
            assertTrue(appender.outbox().flush(Duration.ofSeconds(60)), "delivered: " + appender.outbox().lastError());
            List<String> messages = bridge.received().stream().map(r -> r.entry().get(LogField.MESSAGE)).toList();
            assertEquals(count, messages.stream().distinct().count(), "every record arrived");
            assertTrue(appender.outbox().overflowed() + appender.outbox().sender().delivered() >= count);
        }
    }

    @Test
    void aBadSettingKeepsTheAppenderStoppedWithAnError() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender = new PsAppender();
        appender.setContext(context);
        appender.setOverflow("sometimes");
        appender.start();
        assertTrue(!appender.isStarted());
        assertNotNull(context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getMessage().contains("overflow must be spool or drop")).findFirst().orElse(null));
    }
}
