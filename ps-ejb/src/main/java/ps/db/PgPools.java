package ps.db;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * PostgreSQL's connections: one pool for writes (auto-commit off, each write a transaction of its own) and
 * one for reads (read-only, auto-commit on). Bounded, validated and recycled by HikariCP: a connection the
 * server or a firewall dropped is replaced, not handed out; none lives longer than {@link #MAX_LIFETIME_MS}.
 * A wrong address, user or password fails the constructor at once instead of the first query.
 */
final class PgPools implements AutoCloseable {
    /** Connections per node and pool: the writers and the console's readers; the server's max_connections bounds the nodes. */
    static final int WRITERS = 8;
    static final int READERS = 8;
    static final long MAX_LIFETIME_MS = 30 * 60_000L;
    /** How long a caller waits for a free connection before its work fails. */
    static final long CONNECTION_TIMEOUT_MS = 10_000;

    private final String url;
    private final HikariDataSource writes;
    private final HikariDataSource reads;

    PgPools(String url, String user, String password) {
        if (url == null || !url.startsWith("jdbc:postgresql://")) {
            throw new DatabaseException("'" + withoutParameters(url) + "' is not a jdbc:postgresql://host:port/database URL", null);
        }
        this.url = url;
        HikariDataSource opened = null;
        try {
            opened = pool("ps-write", url, user, password, false, WRITERS);
            writes = opened;
            reads = pool("ps-read", url, user, password, true, READERS);
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            throw new DatabaseException("cannot connect to " + describe() + " as " + user + ": " + rootMessage(e), e);
        }
    }

    private static HikariDataSource pool(String name, String url, String user, String password, boolean readOnly, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setDriverClassName("org.postgresql.Driver");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setAutoCommit(readOnly);
        config.setReadOnly(readOnly);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setMaxLifetime(MAX_LIFETIME_MS);
        config.setKeepaliveTime(60_000);
        // fail the start when the first connection cannot be made, rather than retry in the background
        config.setInitializationFailTimeout(1);
        // a batch of single-row INSERTs goes to the server as multi-row INSERTs
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "ps");
        if (readOnly) {
            // the driver makes an auto-commit connection read-only only in this mode (default: in transactions)
            config.addDataSourceProperty("readOnlyMode", "always");
        }
        config.addDataSourceProperty("connectTimeout", "10");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }

    Connection write() throws SQLException {
        return writes.getConnection();
    }

    Connection read() throws SQLException {
        return reads.getConnection();
    }

    /** Flyway commits each migration itself: it takes the write pool. */
    DataSource migrations() {
        return writes;
    }

    String describe() {
        return withoutParameters(url);
    }

    /** The URL without its parameters, which may hold a password. */
    static String withoutParameters(String url) {
        if (url == null) {
            return "";
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    }

    @Override
    public void close() {
        writes.close();
        reads.close();
    }
}
