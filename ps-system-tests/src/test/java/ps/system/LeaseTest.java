package ps.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ps.testsupport.PgCluster;
import org.postgresql.ds.PGSimpleDataSource;

import ps.batch.control.RunHistory;
import ps.cluster.control.Lease;

/**
 * The cluster's lease ({@link Lease}) on a real PostgreSQL: which of two nodes holds it, how fast the other
 * takes over when the holder stops renewing, and that a stale holder's fencing token is refused, also by the
 * batch scheduler's claim of a fire. The table comes from the lease's own migration file.
 */
class LeaseTest {
    private static final Duration EXPIRY = Duration.ofMillis(1500);
    private static final Duration PERIOD = Duration.ofMillis(500);

    private static PgCluster cluster;
    private static PGSimpleDataSource source;
    private final List<Lease> leases = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        cluster = PgCluster.start();
        source = new PGSimpleDataSource();
        source.setUrl(cluster.url("postgres"));
        source.setUser("postgres");
        String migration = new String(LeaseTest.class.getResourceAsStream("/db/postgresql/cluster/V60__cluster_lease.sql").readAllBytes(),
                StandardCharsets.UTF_8);
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(migration);
            // batch_schedule as PostgreSQL holds it (epoch ms need BIGINT there)
            statement.execute("CREATE TABLE batch_schedule (job TEXT PRIMARY KEY, last_fire BIGINT NOT NULL)");
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM cluster_lease");
            statement.execute("DELETE FROM batch_schedule");
        }
    }

    @AfterEach
    void closeLeases() {
        leases.forEach(Lease::close);
    }

    private Lease lease(String node) {
        Lease lease = Lease.shared(source, "singletons", node, EXPIRY, PERIOD);
        leases.add(lease);
        return lease;
    }

    @Test
    void exactlyOneOfTwoNodesHoldsTheLease() {
        Lease a = lease("a:8080");
        Lease b = lease("b:8080");
        for (int round = 0; round < 5; round++) {
            a.renew();
            b.renew();
            assertTrue(a.held() != b.held(), "round " + round + ": exactly one holds (a " + a.held() + ", b " + b.held() + ")");
        }
        assertTrue(a.held(), "the first to ask keeps it while it renews");
        assertEquals(0, b.epoch(), "a node not holding has no fencing token");
        assertNotEquals(0, a.epoch());
    }

    @Test
    void anotherNodeTakesOverWithinExpiryAndOnePeriodWhenTheHolderStopsRenewing() throws Exception {
        Lease a = lease("a:8080");
        assertTrue(a.renew());
        long epochA = a.epoch();
        long lastRenewal = System.nanoTime();
        // a is "killed": it never renews again; b renews on its own thread as a node does
        Lease b = lease("b:8080");
        CompletableFuture<Long> gained = new CompletableFuture<>();
        b.onChange(held -> {
            if (held) {
                gained.complete(System.nanoTime());
            }
        });
        b.start(Executors.defaultThreadFactory());
        long at = gained.get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(at - lastRenewal);
        System.out.println("LeaseTest: takeover " + millis + " ms after the holder's last renewal (expiry " + EXPIRY.toMillis()
                + " ms, period " + PERIOD.toMillis() + " ms)");
        assertTrue(millis >= EXPIRY.toMillis() - 100, "not before the holder's lease expired: " + millis + " ms");
        // one period of slack for the round's own statement on a loaded machine
        assertTrue(millis <= EXPIRY.plus(PERIOD).plus(PERIOD).toMillis(), "within expiry + one period: " + millis + " ms");
        assertTrue(b.held());
        assertTrue(b.epoch() > epochA, "a takeover raises the fencing token");
        assertFalse(a.held(), "the stale holder knows by its own clock that it may not act any more");
        assertFalse(a.renew(), "and its next round does not get the lease back");
    }

    @Test
    void aStaleHoldersFencingTokenIsRefused() throws Exception {
        Lease a = lease("a:8080");
        Lease b = lease("b:8080");
        List<Boolean> told = new CopyOnWriteArrayList<>();
        a.onChange(told::add);
        assertTrue(a.renew());
        long stale = a.epoch();
        Thread.sleep(EXPIRY.toMillis() + 100);
        assertTrue(b.renew(), "b takes the expired lease");
        try (Connection connection = source.getConnection()) {
            connection.setAutoCommit(false);
            assertThrows(Lease.Lost.class, () -> a.fence(connection, stale), "a's old epoch is refused");
            connection.rollback();
            b.fence(connection, b.epoch());
            connection.rollback();
        }
        assertFalse(a.renew());
        assertEquals(List.of(true, false), told, "a heard that it gained the lease and that it lost it");
    }

    @Test
    void aFencedTransactionHoldsOffTheTakeoverUntilItEnds() throws Exception {
        Lease a = lease("a:8080");
        Lease b = lease("b:8080");
        assertTrue(a.renew());
        try (Connection connection = source.getConnection()) {
            connection.setAutoCommit(false);
            a.fence(connection, a.epoch());
            Thread.sleep(EXPIRY.toMillis() + 100); // expired in the database while a's transaction runs
            CompletableFuture<Boolean> takeover = CompletableFuture.supplyAsync(b::renew);
            assertThrows(TimeoutException.class, () -> takeover.get(500, TimeUnit.MILLISECONDS),
                    "b waits for a's fenced transaction");
            connection.commit();
            assertTrue(takeover.get(10, TimeUnit.SECONDS), "then takes the expired lease");
        }
    }

    @Test
    void closingGivesTheLeaseUpAtOnce() {
        Lease a = lease("a:8080");
        Lease b = lease("b:8080");
        assertTrue(a.renew());
        assertFalse(b.renew());
        a.close();
        assertFalse(a.held());
        assertTrue(b.renew(), "no waiting for the expiry after a clean stop");
    }

    @Test
    void aNodeRestartedUnderTheSameIdWaitsForItsEarlierLifesLease() throws Exception {
        Lease before = lease("a:8080");
        assertTrue(before.renew());
        long old = before.epoch();
        Lease after = lease("a:8080"); // the same node id, a new process (the old one was killed, or misconfigured)
        assertFalse(after.renew(), "an unexpired lease of the same node id is not taken");
        assertTrue(before.renew(), "and the process that holds it keeps it");
        assertEquals(old, before.epoch());
        Thread.sleep(EXPIRY.toMillis() + 100);
        assertTrue(after.renew(), "once it expired the new process takes it");
        assertTrue(after.epoch() > old);
        assertFalse(before.renew(), "the old life's epoch does not renew");
    }

    @Test
    void aScheduledFireIsClaimedOnceAndNotByAStaleHolder() throws Exception {
        Lease a = lease("a:8080");
        Lease b = lease("b:8080");
        assertTrue(a.renew());
        long stale = a.epoch();
        long fire = 1_800_000_000_000L;
        assertTrue(claim(a, "nightly", fire), "the holder claims the fire");
        assertFalse(claim(a, "nightly", fire), "the same fire is not claimed twice");
        Thread.sleep(EXPIRY.toMillis() + 100);
        assertTrue(b.renew());
        assertFalse(claim(b, "nightly", fire), "the new holder does not run the fire again");
        try (Connection connection = source.getConnection()) {
            connection.setAutoCommit(false);
            assertThrows(Lease.Lost.class, () -> RunHistory.claimFire(connection, a, stale, "nightly", fire + 60_000),
                    "the stale holder cannot claim the next fire");
            connection.rollback();
        }
        assertTrue(claim(b, "nightly", fire + 60_000), "the new holder claims the next one");
    }

    private static boolean claim(Lease lease, String job, long fire) throws SQLException {
        try (Connection connection = source.getConnection()) {
            connection.setAutoCommit(false);
            boolean claimed = RunHistory.claimFire(connection, lease, lease.epoch(), job, fire);
            connection.commit();
            return claimed;
        }
    }

    @Test
    void theSingleNodeLeaseAlwaysHolds() throws SQLException {
        Lease single = Lease.single("only:8080");
        List<Boolean> told = new CopyOnWriteArrayList<>();
        single.onChange(told::add);
        assertTrue(single.held());
        assertTrue(single.renew());
        assertEquals(1, single.epoch());
        assertEquals(List.of(true), told);
        single.fence(null, 1); // fences nothing: no database
        single.close();
        assertTrue(single.held(), "SQLite's one node never gives it up");
    }
}
