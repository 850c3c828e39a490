package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ps.batch.control.RunHistory;
import ps.batch.control.RunIds;
import ps.batch.entity.JobRun;
import ps.cluster.control.Lease;
import ps.cluster.control.Nodes;
import ps.neelix.control.NeelixRepository;
import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.neelix.entity.ForwardedPing;
import ps.neelix.entity.ForwardedRecord;
import ps.neelix.entity.PingKind;
import ps.db.Database;
import ps.db.Db;
import ps.db.Migrations;
import ps.testsupport.PgCluster;

/**
 * The tables a cluster shares on a real PostgreSQL, migrated by PS's own migrations: the node numbers, the
 * batch run history of two nodes whose JBatch execution ids are the same, and the pings and records a
 * standby node leaves for the lease's holder.
 */
class ClusterTablesTest {
    private static PgCluster cluster;
    private static Database database;
    private static Db db;

    @BeforeAll
    static void startPostgres() throws Exception {
        cluster = PgCluster.start();
        try (Connection connection = cluster.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE ps");
        }
        database = Database.postgres(cluster.url("ps"), "postgres", "");
        Migrations.migrate(database);
        db = Db.standalone(database);
    }

    @AfterAll
    static void stopPostgres() {
        if (database != null) {
            database.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eachNodeIdKeepsItsNumber() {
        int a = db.write(connection -> Nodes.register(connection, "numbers-a:8080"));
        int b = db.write(connection -> Nodes.register(connection, "numbers-b:8080"));
        assertEquals(a + 1, b, "a new node takes the next number");
        int again = db.write(connection -> Nodes.register(connection, "numbers-a:8080"));
        assertEquals(a, again, "a restarted node keeps its number");
        assertEquals("numbers-b:8080", db.read(Nodes::all).get(b));
    }

    @Test
    void twoNodesRunsOfTheSameExecutionIdAreBothKept() {
        RunIds first = new RunIds(1);
        RunIds second = new RunIds(2);
        RunHistory history = new RunHistory(db);
        history.save(run(first.of(1), "A"));
        history.save(run(second.of(1), "B")); // the new holder's JBatch starts at 1 again
        history.save(run(first.of(1), "A again")); // an update of node 1's run stays node 1's

        List<JobRun> runs = history.runs("ticker", 10);
        assertEquals(2, runs.size(), "neither node's run replaced the other's");
        assertEquals("A again", history.run(1).getMessage());
        assertEquals("B", history.run(1_000_000_000_001L).getMessage());
        assertEquals(1, second.execution(1_000_000_000_001L), "node 2 asks its JBatch for execution 1");
        assertEquals(2, RunIds.nodeOf(1_000_000_000_001L));
        IllegalArgumentException elsewhere = assertThrows(IllegalArgumentException.class, () -> first.execution(1_000_000_000_001L));
        assertEquals("run 1000000000001 ran on node number 2, not on this one (1); do it there", elsewhere.getMessage());
    }

    @Test
    void aPingLeftByAStandbyNodeIsTakenByTheHolderOnly() throws Exception {
        NeelixRepository repository = new NeelixRepository(db);
        repository.forwardPing("backup", 1_000, PingKind.SUCCESS, null, "ok from node b");
        repository.forwardPing("backup", 2_000, PingKind.EXIT_CODE, 3, null);
        List<ForwardedPing> pings = repository.forwardedPings(10);
        assertEquals(List.of("backup@1000 SUCCESS null ok from node b", "backup@2000 EXIT_CODE 3 null"),
                pings.stream().map(p -> p.service() + "@" + p.at() + " " + p.kind() + " " + p.exitCode() + " " + p.body()).toList());
        assertEquals(1, repository.forwardedPings(1).size(), "a round takes at most its limit");

        try (Lease holder = Lease.shared(database.dataSource(), "inbox", "a:8080", Duration.ofSeconds(30), Duration.ofSeconds(10));
             Lease stale = Lease.shared(database.dataSource(), "inbox", "b:8080", Duration.ofSeconds(30), Duration.ofSeconds(10))) {
            assertTrue(holder.renew());
            RuntimeException refused = assertThrows(RuntimeException.class,
                    () -> repository.takeForwardedPings(stale, holder.epoch(), pings.get(1).id()));
            assertTrue(Lease.lost(refused), "a node not holding the lease takes nothing: " + refused);
            assertEquals(2, repository.forwardedPings(10).size());
            repository.takeForwardedPings(holder, holder.epoch(), pings.get(0).id());
            assertEquals(List.of(pings.get(1)), repository.forwardedPings(10), "the ones applied are gone, the newer stays");
        }
    }

    @Test
    void recordsLeftByAStandbyNodeComeBackWholeAndAreTakenByTheHolderOnly() throws Exception {
        NeelixRepository repository = new NeelixRepository(db);
        LogEntry error = new LogEntry().created(1_000).received(1_005).level(Level.ERROR).seq(7).lineno(42)
                .set(LogField.SYSTEM_ID, "orders").set(LogField.MESSAGE, "payment 7 failed ü");
        LogEntry plain = new LogEntry().created(2_000).received(2_001).level(Level.INFO).set(LogField.SYSTEM_ID, "backup");
        repository.forwardRecords(List.of(error, plain), 3_000, 10);
        List<ForwardedRecord> records = repository.forwardedRecords(10);
        assertEquals(2, records.size());
        LogEntry back = records.get(0).entry();
        assertEquals(List.of(1_000L, 1_005L, 40, 7L, 42, "orders", "payment 7 failed ü"), List.of(back.created(), back.received(),
                back.levelno(), back.seq(), back.lineno(), back.get(LogField.SYSTEM_ID), back.get(LogField.MESSAGE)));
        assertEquals(null, records.get(1).entry().lineno());
        try (Lease holder = Lease.shared(database.dataSource(), "records", "a:8080", Duration.ofSeconds(30), Duration.ofSeconds(10));
             Lease stale = Lease.shared(database.dataSource(), "records", "b:8080", Duration.ofSeconds(30), Duration.ofSeconds(10))) {
            assertTrue(holder.renew());
            RuntimeException refused = assertThrows(RuntimeException.class,
                    () -> repository.takeForwardedRecords(stale, holder.epoch(), records.get(1).id()));
            assertTrue(Lease.lost(refused), "a node not holding the lease takes nothing: " + refused);
            repository.takeForwardedRecords(holder, holder.epoch(), records.get(1).id());
            assertEquals(List.of(), repository.forwardedRecords(10));
        }
    }

    @Test
    void theRecordInboxHoldsNoMoreThanItsCapacity() throws Exception {
        NeelixRepository repository = new NeelixRepository(db);
        LogEntry error = new LogEntry().created(1_000).received(1_005).level(Level.ERROR).set(LogField.SYSTEM_ID, "flood");
        int before = repository.forwardedRecords(1_000).size(); // 0: each test takes what it left
        assertEquals(0, repository.forwardRecords(List.of(error, error), 3_000, before + 3));
        assertEquals(1, repository.forwardRecords(List.of(error, error), 3_000, before + 3), "the one over capacity is left out");
        assertEquals(2, repository.forwardRecords(List.of(error, error), 3_000, before + 3), "a full inbox takes none");
        List<ForwardedRecord> left = repository.forwardedRecords(1_000);
        assertEquals(before + 3, left.size());
        try (Lease holder = Lease.shared(database.dataSource(), "flood", "a:8080", Duration.ofSeconds(30), Duration.ofSeconds(10))) {
            assertTrue(holder.renew());
            repository.takeForwardedRecords(holder, holder.epoch(), left.get(left.size() - 1).id()); // the other tests' inbox as found
        }
    }

    private static JobRun run(long id, String message) {
        return new JobRun(id, 1, "ticker", "script", "schedule", 1, "{}", 5_000L, 5_001L, 5_100L, "COMPLETED", "EXIT 0", 0,
                message, null);
    }
}
