package ps.cluster.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * Which node of a cluster runs the singletons (neelix's evaluation, the batch scheduler): a row of
 * {@code cluster_lease} in the shared PostgreSQL with the holder, an epoch (the fencing token, raised at
 * every change of holder) and an expiry in the database's clock. The holder renews it every period; when it
 * stops (killed, cut off, paused), another node takes the row once it expired, so a takeover comes within
 * expiry + one period of the last renewal. Work that must happen once is done in a transaction that first
 * {@link #fence fences} the epoch: a stale holder's write is refused, and a takeover waits for a fenced
 * transaction to end.
 * <p>
 * A row with an expiry rather than {@code pg_advisory_lock}: a session lock is freed only when PostgreSQL
 * notices the session is gone, at once for a kill on loopback but after the TCP keep-alive for a host that
 * vanished, and it gives no token to refuse a paused holder's late write. See docs/scale-out.md.
 * <p>
 * {@link #single} is the one node on SQLite: always the holder, epoch 1, fencing a no-op; so the code that
 * gates on the lease has one path. Thread-safe.
 */
public final class Lease implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("ps.cluster");
    /** The database's clock in epoch ms, so that nodes with skewed clocks agree on expiry. */
    private static final String DB_NOW = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

    /** The epoch fenced is not the lease's any more: another node holds it, or it expired. */
    public static final class Lost extends SQLException {
        private static final long serialVersionUID = 1L;

        Lost(String message) {
            super(message);
        }
    }

    /** True when {@code e} or one of its causes is a {@link Lost} (a fenced write wrapped by the database boundary). */
    public static boolean lost(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof Lost) {
                return true;
            }
        }
        return false;
    }

    private final DataSource source;
    private final String name;
    private final String node;
    /** The node id and this instance: {@code node#hex}. */
    private final String holder;
    private final Duration expiry;
    private final Duration period;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** The epoch held, 0 when not holding. */
    private volatile long epoch;
    /** System.nanoTime() up to which the lease is surely still ours (the database's expiry cannot come earlier). */
    private volatile long validUntil;
    private boolean told;
    private ScheduledExecutorService renewer;

    private Lease(DataSource source, String name, String node, Duration expiry, Duration period) {
        this.source = source;
        this.name = name;
        this.node = node;
        this.holder = node + "#" + Long.toHexString(new java.security.SecureRandom().nextLong() >>> 1);
        this.expiry = expiry;
        this.period = period;
    }

    /**
     * A lease in PostgreSQL (table {@code cluster_lease}, migration location {@code db/postgresql/cluster}).
     *
     * @param name   the lease's name, one row per name
     * @param node   this node's id, unique in the cluster
     * @param expiry how long a renewal keeps the lease
     * @param period how often the holder renews and the others try; less than {@code expiry}
     */
    public static Lease shared(DataSource source, String name, String node, Duration expiry, Duration period) {
        if (period.isZero() || period.isNegative() || period.compareTo(expiry) >= 0) {
            throw new IllegalArgumentException("the lease's renewal period " + period + " must be positive and shorter than its expiry " + expiry);
        }
        return new Lease(source, name, node, expiry, period);
    }

    /** The one node of an SQLite PS: it always holds, with epoch 1. */
    public static Lease single(String node) {
        Lease lease = new Lease(null, "single", node, Duration.ZERO, Duration.ZERO);
        lease.epoch = 1;
        return lease;
    }

    public String node() {
        return node;
    }

    public boolean isSingle() {
        return source == null;
    }

    /** True while this node surely holds the lease (checked without the database). */
    public boolean held() {
        return epoch != 0 && (source == null || System.nanoTime() - validUntil < 0);
    }

    /** The fencing token of the lease held, or 0 when not held. */
    public long epoch() {
        return held() ? epoch : 0;
    }

    /**
     * Calls the listener with true when this node gains the lease and false when it loses it, on the
     * renewing thread (the single lease: with true at once).
     */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
        if (source == null) {
            listener.accept(true);
        }
    }

    /** Renews every period on a thread of {@code threads} until {@link #close}; the first round at once. */
    public void start(ThreadFactory threads) {
        if (source == null) {
            return;
        }
        synchronized (lock) {
            if (renewer == null) {
                renewer = new ScheduledThreadPoolExecutor(1, threads);
                renewer.scheduleWithFixedDelay(this::round, 0, period.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void round() {
        try {
            renew();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "ps.cluster: lease round failed", e);
        }
    }

    /**
     * One round: renews the lease held, or takes it when it is free or expired. Tells the listeners when
     * that changed whether this node holds it. A database that cannot be reached counts as not renewed.
     *
     * @return whether this node holds the lease now
     */
    public boolean renew() {
        if (source == null) {
            return true;
        }
        synchronized (lock) {
            long before = System.nanoTime();
            try {
                long got = claim();
                if (got != 0) {
                    if (epoch != got) {
                        long previous = epoch;
                        LOG.info(() -> "ps.cluster: node " + node + " holds lease '" + name + "', epoch " + got
                                + (previous != 0 ? " (was " + previous + ")" : ""));
                    }
                    validUntil = before + expiry.toNanos();
                    epoch = got;
                } else if (epoch != 0) {
                    long previous = epoch;
                    LOG.warning(() -> "ps.cluster: node " + node + " lost lease '" + name + "' (epoch " + previous + ")");
                    epoch = 0;
                }
            } catch (SQLException e) {
                // not renewed: what was held stays held until its expiry has passed
                LOG.warning("ps.cluster: lease '" + name + "' not renewed (" + e.getMessage() + ")"
                        + (held() ? "; still held for " + TimeUnit.NANOSECONDS.toMillis(validUntil - System.nanoTime()) + " ms" : ""));
            }
            tell(held());
            return held();
        }
    }

    /** Calls the listeners when the state changed (under the lock, so they hear the changes in order). */
    private void tell(boolean holding) {
        if (holding == told) {
            return;
        }
        told = holding;
        for (Consumer<Boolean> listener : listeners) {
            try {
                listener.accept(holding);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ps.cluster: a lease listener failed", e);
            }
        }
    }

    /**
     * Renews the row when it is ours with our epoch; takes it (raising the epoch) when it expired; else
     * leaves it. The holder is the node id and this process's instance, so a node restarted after a kill
     * waits for its earlier life's lease to expire like any other node, and two processes given the same
     * node id by mistake do not take the lease from each other.
     *
     * @return the epoch held, or 0
     */
    private long claim() throws SQLException {
        try (Connection connection = source.getConnection();
             PreparedStatement upsert = connection.prepareStatement("INSERT INTO cluster_lease AS l (name, holder, epoch, expires_at) "
                     + "VALUES (?, ?, 1, " + DB_NOW + " + ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                     + "epoch = CASE WHEN l.holder = excluded.holder AND l.epoch = ? THEN l.epoch ELSE l.epoch + 1 END, "
                     + "expires_at = excluded.expires_at "
                     + "WHERE (l.holder = excluded.holder AND l.epoch = ?) OR l.expires_at <= excluded.expires_at - ? RETURNING epoch")) {
            connection.setAutoCommit(true);
            long millis = expiry.toMillis();
            upsert.setString(1, name);
            upsert.setString(2, holder);
            upsert.setLong(3, millis);
            upsert.setLong(4, epoch);
            upsert.setLong(5, epoch);
            upsert.setLong(6, millis);
            try (ResultSet row = upsert.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /**
     * Fences {@code token} in the caller's transaction (which must not be in auto-commit): it goes on only
     * while the lease is still this node's with that epoch and unexpired, and holds the lease's row, so that
     * no takeover happens before the transaction ends. The single lease fences nothing.
     *
     * @throws Lost when the epoch is not the lease's any more
     */
    public void fence(Connection connection, long token) throws SQLException {
        if (source == null) {
            return;
        }
        if (token == 0) {
            throw new Lost("node " + node + " does not hold lease '" + name + "'");
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM cluster_lease WHERE name = ? AND holder = ? "
                + "AND epoch = ? AND expires_at > " + DB_NOW + " FOR SHARE")) {
            select.setString(1, name);
            select.setString(2, holder);
            select.setLong(3, token);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new Lost("lease '" + name + "' epoch " + token + " is not node " + node + "'s any more");
                }
            }
        }
    }

    /** Stops renewing and gives the lease up, so another node takes over at once rather than after its expiry. */
    @Override
    public void close() {
        if (source == null) {
            return;
        }
        synchronized (lock) {
            if (renewer != null) {
                renewer.shutdownNow();
                renewer = null;
            }
            long held = epoch;
            epoch = 0;
            tell(false);
            if (held == 0) {
                return;
            }
            try (Connection connection = source.getConnection();
                 PreparedStatement release = connection.prepareStatement(
                         "UPDATE cluster_lease SET expires_at = 0 WHERE name = ? AND holder = ? AND epoch = ?")) {
                connection.setAutoCommit(true);
                release.setString(1, name);
                release.setString(2, holder);
                release.setLong(3, held);
                release.executeUpdate();
            } catch (SQLException e) {
                LOG.warning("ps.cluster: lease '" + name + "' not given up (" + e.getMessage() + "); it expires in " + expiry);
            }
        }
    }
}
