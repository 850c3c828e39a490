package ps.client.log4j2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ps.client.FakeBridge;
import ps.client.LogEntry;
import ps.client.LogField;

/** Real Log4j2, configured from an XML file naming the PS plugin, to a real socket speaking the native protocol. */
class PsAppenderTest {
    @TempDir
    Path dir;
    private LoggerContext context;

    private Logger start(int port, int queueSize) throws Exception {
        Path config = dir.resolve("log4j2.xml");
        Files.writeString(config, """
                <Configuration status="WARN">
                  <Appenders>
                    <PS name="ps" host="%s" port="%d" system="log4j2-app" stage="testing" queueSize="%d"
                        maxBackoffSeconds="1" spool="%s"/>
                  </Appenders>
                  <Loggers>
                    <Root level="all"><AppenderRef ref="ps"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(FakeBridge.HOST, port, queueSize, dir.resolve("app.spool")));
        context = Configurator.initialize("ps-test-" + System.nanoTime(), null, config.toUri());
        assertNotNull(appender(), "the PS plugin is found and created");
        return context.getLogger("ps.test.log4j2");
    }

    private PsAppender appender() {
        return context.getConfiguration().getAppender("ps");
    }

    @AfterEach
    void stop() {
        ThreadContext.clearAll();
        if (context != null) {
            Configurator.shutdown(context);
        }
    }

    @Test
    void aReusedMessageIsFormattedFromTheValuesItHadWhenLogged() throws Exception {
        try (FakeBridge bridge = new FakeBridge()) {
            start(bridge.port(), 100);
            org.apache.logging.log4j.message.ReusableParameterizedMessage message =
                    new org.apache.logging.log4j.message.ReusableParameterizedMessage();
            message.set("order {} of {}", 17, "alice");
            LogEntry entry = appender().toEntry(org.apache.logging.log4j.core.impl.Log4jLogEvent.newBuilder()
                    .setLoggerName("ps.test.log4j2").setLevel(org.apache.logging.log4j.Level.INFO)
                    .setMessage(message).build());
            message.set("order {} of {}", 18, "bob"); // Log4j2 reuses it for the thread's next call

            assertEquals("order 17 of alice", entry.get(LogField.MESSAGE));
        }
    }

    @Test
    void anEventArrivesWithItsSourceThreadExceptionAndThreadContextInPsFields() throws Exception {
        try (FakeBridge bridge = new FakeBridge()) {
            Logger log = start(bridge.port(), 100);
            ThreadContext.put("order", "A-17");
            ThreadContext.put("user", "alice");
            log.error("order {} failed", 17, new IllegalStateException("broken")); int line = new Throwable().getStackTrace()[0].getLineNumber();
            assertTrue(appender().outbox().flush(Duration.ofSeconds(10)), "delivered: " + appender().outbox().lastError());
            LogEntry entry = bridge.received().get(0).entry();

            assertEquals("order 17 failed", entry.get(LogField.MESSAGE));
            assertEquals("ERROR", entry.get(LogField.LEVELNAME));
            assertEquals("ps.test.log4j2", entry.get(LogField.NAME));
            assertEquals(PsAppenderTest.class.getName(), entry.get(LogField.MODULE));
            assertEquals("anEventArrivesWithItsSourceThreadExceptionAndThreadContextInPsFields", entry.get(LogField.FUNCNAME));
            assertEquals("PsAppenderTest.java", entry.get(LogField.FILENAME));
            assertEquals(line, entry.lineno());
            assertEquals(Thread.currentThread().getName(), entry.get(LogField.THREADNAME));
            assertEquals(Long.toString(Thread.currentThread().getId()), entry.get(LogField.THREAD));
            assertTrue(entry.get(LogField.EXC_TEXT).startsWith("java.lang.IllegalStateException: broken"),
                    entry.get(LogField.EXC_TEXT));
            String extra = entry.get(LogField.EXTRA);
            assertTrue(extra.contains("\"order\":\"A-17\"") && extra.contains("\"user\":\"alice\""), extra);
            assertEquals("log4j2-app", entry.get(LogField.SYSTEM_ID));
            assertEquals("TESTING", entry.get(LogField.STAGE));
        }
    }

    @Test
    void withTheBridgeDownLoggingNeverBlocksAndABurstOverflowsToTheSpoolLosingNothing() throws Exception {
        int port = FakeBridge.closedPort();
        int count = 20_000;
        Logger log = start(port, 50);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < count; i++) {
                log.info("burst {}", i);
            }
        }, "logging does not wait for the bridge");
        assertEquals(0, appender().outbox().dropped(), "nothing dropped: " + appender().outbox().lastError());
        try (FakeBridge bridge = new FakeBridge(port)) {
            assertTrue(appender().outbox().flush(Duration.ofSeconds(60)), "delivered: " + appender().outbox().lastError());
            assertEquals(count, bridge.received().stream().map(r -> r.entry().get(LogField.MESSAGE)).distinct().count(),
                    "every record arrived");
        }
    }
}
