package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import ps.client.PsHandler;
import ps.client.Stage;

import ps.testsupport.PgCluster;

/**
 * The singletons of a cluster (issue 11): two PS nodes on one PostgreSQL; the holder of the lease is
 * killed with SIGKILL while a service's heartbeat deadline passes. The other node takes over: exactly one
 * DOWN mail, within grace + 10 s of the deadline, and a job scheduled every 5 s keeps one run per fire
 * across the takeover (none run twice, none lost, the dead holder's history kept). The service pings the
 * standby node, whose ping reaches the holder's evaluation, and so does a record a rule matches.
 */
class ClusterLeaseIT {
    private static final long PERIOD = 8_000;
    private static final long GRACE = 2_000;
    private static final String TOKEN = "cluster-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theLeaseHoldersDeathMovesMailsAndFiresToAnotherNodeOnce() throws Exception {
        try (PgCluster pg = PgCluster.start(); MailBox mail = new MailBox()) {
            try (Connection connection = pg.connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE ps");
            }
            Path config = Files.createDirectories(PsServer.dataDir("cluster-lease-config").resolve("config"));
            Files.writeString(config.resolve("neelix-testing.yaml"), String.join("\n",
                    "services:",
                    "  - id: backup",
                    "    period: " + PERIOD + "ms",
                    "    grace: " + GRACE + "ms",
                    "    reminder: 1h",
                    "    token: " + TOKEN,
                    "    mail_to: ops@test.example",
                    "rules:",
                    "  - id: orders-errors",
                    "    system: orders",
                    "    level: ERROR",
                    "    mail_to: dev@test.example",
                    "    throttle: 0s",
                    ""));
            Path jobs = Files.createDirectories(config.resolve("jobs"));
            Files.writeString(jobs.resolve("ticker.sh"), "echo tick\n");
            // queue: a fire whose predecessor still runs (JBatch's first run on a node makes its tables) waits rather than is skipped
            Files.writeString(jobs.resolve("ticker.yaml"), "cron: '*/5 * * * * *'\nzone: UTC\ncatch_up: true\noverlap: queue\n");
            List<PsServer> nodes = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                nodes.add(PsServer.create(PsServer.dataDir("cluster-lease-" + n), Map.of(
                        "PS_DB_URL", pg.url("ps"), "PS_DB_USER", "postgres", "PS_DB_PASSWORD", "",
                        "PS_NODE_ID", "node-" + n, "PS_CONFIG_DIR", config.toString(),
                        "PS_SMTP_HOST", "127.0.0.1", "PS_SMTP_PORT", Integer.toString(mail.port),
                        "PS_SMTP_TLS", "none", "PS_MAIL_FROM", "ps-neelix@test.example")));
            }
            try {
                for (PsServer node : nodes) {
                    node.launch(Duration.ofSeconds(300));
                }
                Thread.sleep(12_000); // a few fires with both nodes up
                String holderId;
                try (Connection connection = pg.connect("ps")) {
                    holderId = single(connection, "SELECT holder FROM cluster_lease WHERE name = 'singletons'");
                }
                PsServer holder = holderId.startsWith("node-0") ? nodes.get(0) : nodes.get(1);
                List<String> holdersRuns = runIds(pg); // the new holder's JBatch ids start at 1 as the dead one's did

                // to the standby node: it leaves the ping for the holder's evaluation (neelix_ping_inbox)
                PsServer standby = holder == nodes.get(0) ? nodes.get(1) : nodes.get(0);
                HttpResponse<String> ping = HTTP.send(HttpRequest.newBuilder(standby.uri("/ping/backup?token=" + TOKEN))
                        .POST(HttpRequest.BodyPublishers.ofString("backup ok")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ping.statusCode(), ping.body());
                long pinged = System.currentTimeMillis();
                String saved = "";
                for (long until = pinged + 6_000; System.currentTimeMillis() < until && !saved.startsWith("UP "); Thread.sleep(200)) {
                    try (Connection connection = pg.connect("ps")) {
                        saved = single(connection, "SELECT state || ' ' || coalesce(last_ping_body, '') || ' '"
                                + " || (SELECT count(*) FROM neelix_ping_inbox) FROM neelix_monitor WHERE id = 'backup'");
                    }
                }
                assertEquals("UP backup ok 0", saved, "the holder applied the standby's ping, saved it and emptied the inbox");
                // a record a rule matches, stored by the standby: the holder mails it (neelix_record_inbox)
                PsHandler orders = new PsHandler(new PsHandler.Settings().host("localhost:" + standby.nativePort)
                        .port(standby.nativePort).stage(Stage.TESTING).system("orders").spool("none"));
                Logger logger = Logger.getLogger("ps.system.cluster.orders");
                logger.setUseParentHandlers(false);
                logger.addHandler(orders);
                try {
                    logger.severe("payment 7 failed");
                    assertTrue(orders.flush(Duration.ofSeconds(30)), "the standby acknowledged the record");
                } finally {
                    logger.removeHandler(orders);
                    orders.close();
                }
                MailBox.Mail ruleMail = mail.await(MailBox.to("dev@test.example"), 1, 15_000);
                assertTrue(ruleMail.subject().contains("orders"), ruleMail.subject());
                Thread.sleep(Math.max(0, pinged + PERIOD / 2 - System.currentTimeMillis()));
                holder.kill(); // before the deadline passes
                long killed = System.currentTimeMillis();
                long deadline = pinged + PERIOD;

                MailBox.Mail down = mail.await(MailBox.to("ops@test.example"), 1,
                        deadline + GRACE + 12_000 - System.currentTimeMillis());
                System.out.println("cluster: DOWN mail " + (down.seenAt - deadline) + " ms after the deadline, holder killed "
                        + (deadline - killed) + " ms before it");
                assertTrue(down.seenAt - deadline <= GRACE + 10_000, "DOWN within grace + 10 s of the deadline");
                assertTrue(down.subject().contains("HEARTBEAT FAILURE: backup"), down.subject());
                Thread.sleep(10_000); // a second DOWN mail would have come by now
                assertEquals(1, mail.mails(MailBox.to("ops@test.example")).size(), () -> "one DOWN mail: " + mail.mails());
                assertEquals(1, mail.mails(MailBox.to("dev@test.example")).size(), () -> "one rule mail: " + mail.mails());

                try (Connection connection = pg.connect("ps"); Statement statement = connection.createStatement()) {
                    assertEquals("0", single(connection, "SELECT count(*) FROM (SELECT scheduled_at FROM batch_run"
                            + " WHERE job = 'ticker' AND scheduled_at IS NOT NULL GROUP BY scheduled_at HAVING count(*) > 1) twice"),
                            "no fire ran twice");
                    try (ResultSet fires = statement.executeQuery("SELECT min(scheduled_at), max(scheduled_at), count(DISTINCT scheduled_at)"
                            + " FROM batch_run WHERE job = 'ticker' AND scheduled_at >= " + killed)) {
                        fires.next();
                        long first = fires.getLong(1);
                        long last = fires.getLong(2);
                        long count = fires.getLong(3);
                        assertTrue(last > killed + 10_000, "fires go on after the takeover");
                        assertEquals(0, first % 5_000, "a fire is named by its slot: " + first);
                        assertEquals(0, last % 5_000, "a fire is named by its slot: " + last);
                        assertEquals((last - first) / 5_000 + 1, count, "every fire from the kill (" + first + ") to " + last
                                + " ran, the ones the dead holder left caught up");
                    }
                }
                List<String> after = runIds(pg);
                assertTrue(after.containsAll(holdersRuns), () -> "the dead holder's runs " + holdersRuns + " are all kept: " + after);
                assertTrue(after.stream().anyMatch(id -> Long.parseLong(id) >= 1_000_000_000_000L)
                        && after.stream().anyMatch(id -> Long.parseLong(id) < 1_000_000_000_000L), () -> "both nodes' runs: " + after);
            } finally {
                for (PsServer node : nodes) {
                    node.stop();
                }
            }
        }
    }

    /** The ids of the job's runs in batch_run, PS run ids (node number - 1) * 10^12 + JBatch execution id. */
    private static List<String> runIds(PgCluster pg) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = pg.connect("ps"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT execution_id FROM batch_run WHERE job = 'ticker' ORDER BY 1")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static String single(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), sql);
            return rows.getString(1);
        }
    }
}
