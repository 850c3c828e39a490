package ps.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.BindException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class StartFailuresTest {

    @Test
    void psOwnReasonDeepInAWarningsCauseChainIsTheLine() {
        StartFailures failures = new StartFailures();
        LogRecord record = new LogRecord(Level.WARNING, "RAR8501: Exception during endpoint activation for ra [ ps-rar ]");
        record.setThrown(new RuntimeException("wrapped", new IllegalStateException(
                "PS bridge cannot listen for native on 0.0.0.0:9110: Address already in use", new BindException("Address already in use"))));
        failures.publish(new LogRecord(Level.INFO, "PS is starting"));
        failures.publish(record);
        failures.publish(new LogRecord(Level.SEVERE, "Exception while loading the app"));
        assertEquals("PS bridge cannot listen for native on 0.0.0.0:9110: Address already in use", failures.cause(null, null));
    }

    @Test
    void aMessageQuotingPsReasonGivesPsReasonOnOneLine() {
        StartFailures failures = new StartFailures();
        failures.publish(new LogRecord(Level.SEVERE, "Exception while loading the app: PS cannot open its store /d/ps.sqlite\n (setting PS_DATA_DIR)"));
        assertEquals("PS cannot open its store /d/ps.sqlite (setting PS_DATA_DIR)", failures.cause(null, null));
    }

    @Test
    void aBindFailureDuringBootNamesTheHttpPort() {
        StartFailures failures = new StartFailures();
        LogRecord record = new LogRecord(Level.SEVERE, "Shutting down server due to startup exception");
        record.setThrown(new BindException("Address already in use"));
        failures.publish(record);
        assertEquals("cannot listen on the HTTP port 8123 (setting PS_HTTP_PORT): Address already in use",
                failures.cause(new RuntimeException("Server failed to start"), "8123"));
    }

    @Test
    void withNothingLoggedTheThrownExceptionsInnermostCause() {
        StartFailures failures = new StartFailures();
        assertEquals("java.io.IOException: disk full",
                failures.cause(new RuntimeException("boot", new java.io.IOException("disk full")), "8080"));
        assertEquals("no error was logged; see the log above", failures.cause(null, null));
    }

    @Test
    void aFailedLoadIsADeploymentFailureAndAWarningIsNot() {
        StartFailures failures = new StartFailures();
        failures.publish(new LogRecord(Level.WARNING, "Exception while loading the app: nothing really"));
        assertEquals(false, failures.deploymentFailed());
        failures.publish(new LogRecord(Level.SEVERE, "Exception while loading the app"));
        assertEquals(true, failures.deploymentFailed());
    }

    @Test
    void recordsBelowWarningAreIgnored() {
        StartFailures failures = new StartFailures();
        failures.publish(new LogRecord(Level.INFO, "PS cannot be bothered"));
        assertEquals("no error was logged; see the log above", failures.cause(null, null));
    }

    @Test
    void applicationNamesAreTheDeployedFilesLessTheirExtension() {
        String[] args = {"--port", "1", "--deploy", "/x/ps-rar.rar", "--deploy", "/y/ps-web.war", "--nocluster"};
        assertEquals(List.of("ps-rar", "ps-web"), Launcher.applications(args));
        assertEquals(List.of("ps-web"), Launcher.missing(Launcher.applications(args), List.of("ps-rar", "ps-ready")));
        assertEquals("1", Launcher.option(args, "--port", "8080"));
    }
}
