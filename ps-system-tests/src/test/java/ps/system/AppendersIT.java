package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Logback and Log4j2 appenders with the real frameworks, each configured from its own file, against a
 * real PS that is stopped for 10 s while they log: every record arrives exactly once. And a JUL app logging
 * through real logstash-gelf lands in PS's columns.
 */
class AppendersIT {
    private static final int RECORDS = Integer.getInteger("appenders.records", 20_000);
    private static PsServer server;
    private static Path dir;

    @BeforeAll
    static void startPs() throws Exception {
        dir = PsServer.dataDir("appenders");
        server = PsServer.start(dir.resolve("ps"), Map.of());
    }

    @AfterAll
    static void stopPs() throws Exception {
        server.stop();
    }

    @Test
    void logbackAndLog4j2AppsLoseNothingAndDuplicateNothingWhilePsIsStoppedForTenSeconds() throws Exception {
        LoggerContext logback = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        Path logbackXml = dir.resolve("logback.xml");
        Files.writeString(logbackXml, """
                <configuration>
                  <appender name="PS" class="ps.client.logback.PsAppender">
                    <host>localhost</host><port>%d</port><system>it-logback</system><stage>TESTING</stage>
                    <maxBackoffSeconds>1</maxBackoffSeconds><spool>%s</spool>
                  </appender>
                  <root level="INFO"><appender-ref ref="PS"/></root>
                </configuration>
                """.formatted(server.nativePort, dir.resolve("logback.spool")));
        logback.reset();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(logback);
        joran.doConfigure(logbackXml.toFile());
        Path log4j2Xml = dir.resolve("log4j2.xml");
        Files.writeString(log4j2Xml, """
                <Configuration status="WARN">
                  <Appenders>
                    <PS name="ps" host="localhost" port="%d" system="it-log4j2" stage="TESTING"
                        maxBackoffSeconds="1" spool="%s"/>
                  </Appenders>
                  <Loggers><Root level="info"><AppenderRef ref="ps"/></Root></Loggers>
                </Configuration>
                """.formatted(server.nativePort, dir.resolve("log4j2.spool")));
        org.apache.logging.log4j.core.LoggerContext log4j2 = Configurator.initialize("appenders-it", null,
                log4j2Xml.toUri());
        ps.client.logback.PsAppender logbackAppender =
                (ps.client.logback.PsAppender) logback.getLogger("ROOT").getAppender("PS");
        ps.client.log4j2.PsAppender log4j2Appender = log4j2.getConfiguration().getAppender("ps");
        try {
            org.slf4j.Logger slf4j = logback.getLogger("it.logback.App");
            org.apache.logging.log4j.Logger log4j = log4j2.getLogger("it.log4j2.App");
            CountDownLatch halfway = new CountDownLatch(2);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread logbackApp = app("logback-app", i -> slf4j.info("logback record {}", i), halfway, failure);
            Thread log4j2App = app("log4j2-app", i -> log4j.info("log4j2 record {}", i), halfway, failure);
            logbackApp.start();
            log4j2App.start();

            assertTrue(halfway.await(120, java.util.concurrent.TimeUnit.SECONDS), "both apps got going");
            assertTrue(server.stop(), "PS stopped cleanly");
            Thread.sleep(10_000);
            server.launch(); // same ports, same data directory
            logbackApp.join(300_000);
            log4j2App.join(300_000);
            assertEquals(null, failure.get(), "logging never failed");

            assertTrue(logbackAppender.outbox().flush(Duration.ofSeconds(180)),
                    "Logback app caught up: " + logbackAppender.outbox().lastError());
            assertTrue(log4j2Appender.outbox().flush(Duration.ofSeconds(180)),
                    "Log4j2 app caught up: " + log4j2Appender.outbox().lastError());
            assertEquals(0, logbackAppender.outbox().dropped());
            assertEquals(0, log4j2Appender.outbox().dropped());
            for (String system : new String[] {"it-logback", "it-log4j2"}) {
                assertEquals(RECORDS, server.countInDatabase(
                        "SELECT count(*) FROM log WHERE system_id = '" + system + "'"), system + ": every record");
                assertEquals(RECORDS, server.countInDatabase(
                        "SELECT count(DISTINCT message) FROM log WHERE system_id = '" + system + "'"),
                        system + ": each once");
            }
            JsonObject one = server.logs("system_id=it-logback&limit=1").getJsonArray("records").getJsonObject(0);
            assertEquals("it.logback.App", one.getString("name"));
            assertEquals(AppendersIT.class.getName(), one.getString("module"), "the caller's class");
            assertEquals("logback-app", one.getString("threadname"));
        } finally {
            Configurator.shutdown(log4j2);
            logback.reset();
            new JoranConfigurator() {{ setContext(logback); }}
                    .doConfigure(AppendersIT.class.getResource("/logback-test.xml"));
        }
    }

    /** An app thread logging RECORDS records at about 2,000/s, so that PS's downtime falls mid-run. */
    private static Thread app(String name, java.util.function.IntConsumer log, CountDownLatch halfway,
            AtomicReference<Throwable> failure) {
        Thread thread = new Thread(() -> {
            try {
                for (int i = 0; i < RECORDS; i++) {
                    log.accept(i);
                    if (i == RECORDS / 4) {
                        halfway.countDown();
                    }
                    if (i % 2 == 0) {
                        Thread.sleep(1);
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    /** logstash-gelf's JUL handler, as issue 9 tried it (JUL records carry no line), and its Logback appender. */
    @Test
    void logstashGelfRecordsLandInPsColumns() throws Exception {
        biz.paluch.logging.gelf.jul.GelfLogHandler handler = new biz.paluch.logging.gelf.jul.GelfLogHandler();
        handler.setGraylogHost("tcp:localhost");
        handler.setGraylogPort(server.gelfPort);
        handler.setVersion("1.1");
        handler.setExtractStackTrace("true");
        handler.setAdditionalFields("system_id=it-gelf-jul");
        Logger jul = Logger.getLogger("it.gelf.Payments");
        jul.setUseParentHandlers(false);
        jul.addHandler(handler);
        try {
            jul.log(java.util.logging.Level.SEVERE, "payment failed", new IllegalStateException("declined"));
        } finally {
            jul.removeHandler(handler);
            handler.close();
        }

        LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        biz.paluch.logging.gelf.logback.GelfLogbackAppender appender = new biz.paluch.logging.gelf.logback.GelfLogbackAppender();
        appender.setContext(context);
        appender.setName("gelf");
        appender.setGraylogHost("tcp:localhost");
        appender.setGraylogPort(server.gelfPort);
        appender.setVersion("1.1");
        appender.setExtractStackTrace("true");
        appender.setAdditionalFields("system_id=it-gelf-logback");
        appender.start();
        ch.qos.logback.classic.Logger logback = context.getLogger("it.gelf.Orders");
        logback.setAdditive(false);
        logback.addAppender(appender);
        int line;
        try {
            logback.error("order failed", new IllegalStateException("empty")); line = new Throwable().getStackTrace()[0].getLineNumber();
        } finally {
            logback.detachAppender(appender);
            appender.stop();
        }

        JsonObject fromJul = gelfRecord("it-gelf-jul");
        assertEquals("payment failed", fromJul.getString("message"));
        assertEquals("it.gelf.Payments", fromJul.getString("name"));
        assertEquals(AppendersIT.class.getName(), fromJul.getString("module"));
        assertEquals("logstashGelfRecordsLandInPsColumns", fromJul.getString("funcname"));
        assertEquals(Thread.currentThread().getName(), fromJul.getString("threadname"));
        assertTrue(fromJul.getString("exc_text").startsWith("java.lang.IllegalStateException: declined"),
                fromJul.getString("exc_text"));

        JsonObject fromLogback = gelfRecord("it-gelf-logback");
        assertEquals("order failed", fromLogback.getString("message"));
        assertEquals("it.gelf.Orders", fromLogback.getString("name"));
        assertEquals(AppendersIT.class.getName(), fromLogback.getString("module"));
        assertEquals("logstashGelfRecordsLandInPsColumns", fromLogback.getString("funcname"));
        assertEquals(line, fromLogback.getInt("lineno"));
        assertEquals(Thread.currentThread().getName(), fromLogback.getString("threadname"));
        assertTrue(fromLogback.getString("exc_text").startsWith("java.lang.IllegalStateException: empty"),
                fromLogback.getString("exc_text"));
    }

    private static JsonObject gelfRecord(String system) throws Exception {
        for (int i = 0; i < 120; i++) {
            var records = server.logs("system_id=" + system + "&limit=1").getJsonArray("records");
            if (!records.isEmpty()) {
                return records.getJsonObject(0);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no GELF record of " + system + " arrived");
    }
}
