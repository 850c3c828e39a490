package ps.neelix.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.neelix.entity.Alert;
import ps.neelix.entity.MonitorState;
import ps.neelix.entity.NeelixConfig;
import ps.neelix.entity.PingCaller;
import ps.neelix.entity.PingKind;
import ps.neelix.entity.ServiceDeclaration;

class HeartbeatsTest {
    static final long T0 = 1_700_000_000_000L;
    static final String TOKEN = "0123456789abcdef-token";
    final Heartbeats heartbeats = new Heartbeats(new AlertModels("TESTING", ZoneOffset.UTC), List.of(), () -> "generated-token-xyz");

    void declare() {
        heartbeats.configure(new NeelixConfig().mailTo(List.of("admin@example.com"))
                .add(new ServiceDeclaration("backup", "f:1").period(Duration.ofSeconds(10)).grace(Duration.ofSeconds(5)).token(TOKEN))
                .add(new ServiceDeclaration("report", "f:2").mailTo(List.of("boss@example.com"))), Duration.ofHours(1));
    }

    @Test
    void declaredServicesGetDefaultsAndTokens() {
        declare();
        assertEquals(TOKEN, heartbeats.monitor("backup").token());
        assertEquals("generated-token-xyz", heartbeats.monitor("report").token());
        assertEquals(Duration.ofDays(1), heartbeats.monitor("report").period());
        assertEquals(Duration.ofHours(1), heartbeats.monitor("report").grace());
        assertEquals(List.of("admin@example.com"), heartbeats.monitor("backup").mailTo());
        assertEquals(2, heartbeats.takeDirty(false).size());
        heartbeats.configure(new NeelixConfig(), Duration.ofHours(1));
        assertNull(heartbeats.monitor("backup"), "no longer declared");
        assertEquals(List.of("backup", "report"), heartbeats.takeDeleted());
    }

    @Test
    void aPingNeedsTheTokenOrAnAuthenticatedCaller() {
        declare();
        assertFalse(heartbeats.ping("backup", PingKind.SUCCESS, null, null, null, PingCaller.ANONYMOUS, T0).authorised());
        assertFalse(heartbeats.ping("backup", PingKind.SUCCESS, null, null, "wrong", PingCaller.ANONYMOUS, T0).authorised());
        assertFalse(heartbeats.ping("backup", PingKind.SUCCESS, null, null, "generated-token-xyz", PingCaller.ANONYMOUS, T0).authorised(),
                "another service's token");
        assertEquals(MonitorState.NEW, heartbeats.monitor("backup").state(), "refused pings change nothing");
        assertNull(heartbeats.monitor("backup").lastPing());
        assertTrue(heartbeats.ping("backup", PingKind.SUCCESS, null, "hi", TOKEN, PingCaller.ANONYMOUS, T0).authorised());
        assertEquals(MonitorState.UP, heartbeats.monitor("backup").state());
        assertTrue(heartbeats.ping("backup", PingKind.START, null, null, null, PingCaller.ADMIN, T0 + 1).authorised());
    }

    @Test
    void aViewerMayNotPingWithoutTheToken() {
        declare();
        Heartbeats.PingOutcome refused = heartbeats.ping("backup", PingKind.FAIL, null, null, null, PingCaller.VIEWER, T0);
        assertFalse(refused.authorised());
        assertEquals(403, refused.status());
        assertEquals(MonitorState.NEW, heartbeats.monitor("backup").state());
        assertEquals(403, heartbeats.ping("invented", PingKind.SUCCESS, null, null, null, PingCaller.VIEWER, T0).status());
        assertNull(heartbeats.monitor("invented"), "a viewer makes no service appear");
        assertEquals(401, heartbeats.ping("invented", PingKind.SUCCESS, null, null, null, PingCaller.ANONYMOUS, T0).status());
        assertTrue(heartbeats.ping("backup", PingKind.FAIL, null, null, TOKEN, PingCaller.VIEWER, T0).authorised(),
                "with the token a viewer's ping counts like anyone's");
    }

    @Test
    void servicesMadeByPingsAreCapped() {
        heartbeats.pingServiceCap(2);
        assertTrue(heartbeats.ping("one", PingKind.SUCCESS, null, null, null, PingCaller.ADMIN, T0).authorised());
        assertTrue(heartbeats.ping("two", PingKind.SUCCESS, null, null, null, PingCaller.ADMIN, T0).authorised());
        Heartbeats.PingOutcome third = heartbeats.ping("three", PingKind.SUCCESS, null, null, null, PingCaller.ADMIN, T0);
        assertEquals(403, third.status());
        assertTrue(third.reason().contains("PS_NEELIX_PING_SERVICES"));
        assertEquals(2, heartbeats.size());
    }

    @Test
    void recordsDoNotProveLifeOfAServiceThatMustPing() {
        NeelixConfig config = new NeelixConfig();
        config.add(new ServiceDeclaration("vault", "test").period(Duration.ofMinutes(1)).grace(Duration.ofMinutes(1))
                .token(TOKEN).recordsProveLife(false));
        heartbeats.configure(config, Duration.ofHours(1));
        heartbeats.ping("vault", PingKind.SUCCESS, null, null, TOKEN, PingCaller.ANONYMOUS, T0);
        assertEquals(MonitorState.UP, heartbeats.monitor("vault").state());
        for (long t = T0 + 10_000; t < T0 + 200_000; t += 10_000) {
            heartbeats.records(List.of(new ps.client.LogEntry().created(t).received(t)
                    .set(ps.client.LogField.SYSTEM_ID, "vault").set(ps.client.LogField.MESSAGE, "I am alive, honest")), t);
            heartbeats.tick(t);
        }
        assertEquals(MonitorState.DOWN, heartbeats.monitor("vault").state());
    }

    @Test
    void onlyAnAuthenticatedCallerMakesANewServiceAppear() {
        declare();
        assertFalse(heartbeats.ping("newcomer", PingKind.SUCCESS, null, null, "anything", PingCaller.ANONYMOUS, T0).authorised());
        assertNull(heartbeats.monitor("newcomer"));
        Heartbeats.PingOutcome outcome = heartbeats.ping("newcomer", PingKind.SUCCESS, null, null, null, PingCaller.ADMIN, T0);
        assertTrue(outcome.authorised());
        assertEquals("ping", heartbeats.monitor("newcomer").origin());
        assertEquals(MonitorState.UP, heartbeats.monitor("newcomer").state());
        declare();
        assertTrue(heartbeats.monitor("newcomer") != null, "a service that appeared on a ping stays when the config changes");
    }

    @Test
    void silenceGivesOneDownAlertAndARecordGivesOneRecovery() {
        declare();
        heartbeats.ping("backup", PingKind.SUCCESS, null, null, TOKEN, PingCaller.ANONYMOUS, T0);
        assertEquals(List.of(), heartbeats.tick(T0 + 10_000));
        assertEquals(MonitorState.LATE, heartbeats.monitor("backup").state());
        List<Alert> down = heartbeats.tick(T0 + 15_000);
        assertEquals(1, down.size());
        assertEquals(Alert.Kind.DOWN, down.get(0).kind());
        assertEquals(List.of("admin@example.com"), down.get(0).mailTo());
        assertEquals(T0 + 15_000, down.get(0).triggeredAt());
        assertEquals(List.of(), heartbeats.tick(T0 + 17_000));
        LogEntry record = new LogEntry().level(Level.INFO).set(LogField.SYSTEM_ID, "backup").set(LogField.MESSAGE, "back");
        List<Alert> up = heartbeats.records(List.of(record), T0 + 20_000);
        assertEquals(1, up.size());
        assertEquals(Alert.Kind.RECOVERED, up.get(0).kind());
        assertEquals("5s", up.get(0).model().get("outage"));
    }

    @Test
    void exitCodesFailOrSucceed() {
        declare();
        Heartbeats.PingOutcome failed = heartbeats.ping("backup", PingKind.EXIT_CODE, 3, "oops", TOKEN, PingCaller.ANONYMOUS, T0);
        assertEquals("fail", failed.kind());
        assertEquals(1, failed.alerts().size());
        assertEquals(Alert.Kind.FAILED, failed.alerts().get(0).kind());
        Heartbeats.PingOutcome ok = heartbeats.ping("backup", PingKind.EXIT_CODE, 0, null, TOKEN, PingCaller.ANONYMOUS, T0 + 1000);
        assertEquals("success", ok.kind());
        assertEquals(Alert.Kind.RECOVERED, ok.alerts().get(0).kind());
    }

    @Test
    void runTimeFromStartToSuccess() {
        declare();
        heartbeats.ping("backup", PingKind.START, null, null, TOKEN, PingCaller.ANONYMOUS, T0);
        Heartbeats.PingOutcome done = heartbeats.ping("backup", PingKind.SUCCESS, null, null, TOKEN, PingCaller.ANONYMOUS, T0 + 1234);
        assertEquals(1234L, done.runMillis());
    }

    @Test
    void tokensAreComparedWhole() {
        assertTrue(Heartbeats.tokenMatches("abc", "abc"));
        assertFalse(Heartbeats.tokenMatches("abc", "ab"));
        assertFalse(Heartbeats.tokenMatches(null, null));
        assertFalse(Heartbeats.tokenMatches("abc", null));
    }
}
