package ps.store.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import ps.client.LogEntry;
import ps.db.Database;
import ps.store.entity.LogFilter;

/**
 * What the store's SQL does differently on SQLite ({@link SqliteDialect}) and on PostgreSQL
 * ({@link PostgresDialect}): the writer's transaction, the dedupe of resent records, the upserts of the
 * derived tables, the word index, the query plans, the query budget and retention. The rest of the store
 * asks its dialect and does not know which database it runs on.
 */
public abstract sealed class Dialect permits SqliteDialect, PostgresDialect {
    public static final Dialect SQLITE = new SqliteDialect();
    public static final Dialect POSTGRES = new PostgresDialect();

    public static Dialect of(Database database) {
        return database.postgres() ? POSTGRES : SQLITE;
    }

    /** The dialect of a connection's database (for the static helpers that get only a connection). */
    public static Dialect of(Connection connection) throws SQLException {
        return connection.isWrapperFor(org.sqlite.SQLiteConnection.class) ? SQLITE : POSTGRES;
    }

    /** The start of a shape's INSERT into {@code log}, up to the column list. */
    abstract String insertInto();

    /**
     * The batch's records without the resends of a record stored already (same client id and sequence) or
     * earlier in the batch, in order; called in the write transaction before the insert.
     */
    abstract List<LogEntry> fresh(Connection connection, List<LogEntry> entries) throws SQLException;

    /** Opens the write transaction of a batch before anything is read; {@code entries} are about to be inserted. */
    abstract void beginBatch(Connection connection, List<LogEntry> entries) throws SQLException;

    /** The largest id in {@code log} before the batch, when a step needs it; else 0. */
    abstract long lastId(Connection connection) throws SQLException;

    /** True when the word index must be fed by the writer (SQLite's FTS5 table); PostgreSQL's GIN index is the table's own. */
    abstract boolean feedsWordIndex();

    /** The upsert of a derived table (see {@link Derived}): minute, hour, input, value, version. */
    abstract String upsert(String table);

    /** The upsert of a machine's row (see {@link MachineSteps}). */
    abstract String upsertMachine();

    /** What locks a row read to be updated in the same transaction ("" where the writer is alone). */
    abstract String forUpdate();

    /** The read's result, or null when the database stopped it after {@code budgetMillis}. */
    abstract <T> T within(Connection connection, long budgetMillis, QueryBudget.Reading<T> reading) throws SQLException;

    /** A page of matching records. */
    public abstract LogQuery.Page page(Connection connection, LogFilter filter, long budgetMillis) throws SQLException;

    /** Matching records counted up to {@code cap}, or -1 when that took longer than {@code budgetMillis}. */
    public abstract long count(Connection connection, LogFilter filter, long cap, long budgetMillis) throws SQLException;

    /** Matching records counted up to {@code cap}. */
    public abstract long count(Connection connection, LogFilter filter, long cap) throws SQLException;

    /** Deletes records received before the cut-off, a bounded step: @return how many (at least {@code limit} while more may be left). */
    public abstract int deleteChunk(Connection connection, long cutoff, int limit) throws SQLException;
}
