package ps.batch.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import ps.batch.entity.JobRun;
import ps.cluster.control.Lease;
import ps.db.Db;

/**
 * PS's run history ({@code batch_run}) and schedule state ({@code batch_schedule}), migration V30 in location
 * {@code db/batch}: each operation one read or one write of the database boundary; bound parameters only.
 */
public final class RunHistory {
    private static final Logger LOG = Logger.getLogger("ps.batch");
    private static final String COLUMNS = "execution_id, instance_id, job, batch_job, trigger_kind, attempt, parameters, "
            + "scheduled_at, started, ended, status, exit_status, exit_code, message, restart_of";
    /** Every column but the key from the row given (an upsert both SQLite and PostgreSQL run). */
    private static final String UPDATES = java.util.Arrays.stream(COLUMNS.split(", ")).skip(1)
            .map(column -> column + " = excluded." + column).collect(java.util.stream.Collectors.joining(", "));

    private final Db db;

    public RunHistory(Db db) {
        this.db = db;
    }

    /** Saves the run's state; a failure is logged, never thrown (the run goes on all the same). */
    public void save(JobRun run) {
        try {
            db.write(connection -> {
                save(connection, run);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ps.batch: run " + run.getExecutionId() + " not saved in the history", e);
        }
    }

    /**
     * Claims the job's scheduled fire at {@code fire} (epoch ms) for this node, fenced with the lease's epoch
     * {@code token}: true once per fire in the cluster, false when this or a later fire was claimed already
     * (also the job's last fire, for reporting fires missed while PS was down).
     *
     * @throws ps.db.DatabaseException (caused by {@link Lease.Lost}) when this node does not hold the lease any more
     */
    public boolean claimFire(Lease lease, long token, String job, long fire) {
        return db.write(connection -> claimFire(connection, lease, token, job, fire));
    }

    /** Runs, newest first; {@code job} null for all jobs. */
    public List<JobRun> runs(String job, int limit) {
        return db.read(connection -> runs(connection, job, limit));
    }

    /** The run, or null. */
    public JobRun run(long executionId) {
        return db.read(connection -> run(connection, executionId));
    }

    /** Runs without an end (running, or cut off when PS stopped). */
    public List<JobRun> unfinished() {
        return db.read(RunHistory::unfinished);
    }

    /** job → its last scheduled fire (epoch ms). */
    public Map<String, Long> lastFires() {
        return db.read(RunHistory::lastFires);
    }

    private static void save(Connection connection, JobRun run) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_run (" + COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (execution_id) DO UPDATE SET " + UPDATES)) {
            insert.setLong(1, run.getExecutionId());
            insert.setLong(2, run.getInstanceId());
            insert.setString(3, run.getJob());
            insert.setString(4, run.getBatchJob());
            insert.setString(5, run.getTrigger());
            insert.setInt(6, run.getAttempt());
            insert.setString(7, run.getParameters());
            setLong(insert, 8, run.getScheduledAt());
            insert.setLong(9, run.getStarted());
            setLong(insert, 10, run.getEnded());
            insert.setString(11, run.getStatus());
            insert.setString(12, run.getExitStatus());
            if (run.getExitCode() == null) {
                insert.setNull(13, Types.INTEGER);
            } else {
                insert.setInt(13, run.getExitCode());
            }
            insert.setString(14, run.getMessage());
            setLong(insert, 15, run.getRestartOf());
            insert.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, value);
        }
    }

    /** Runs, newest first; {@code job} null for all jobs. */
    private static List<JobRun> runs(Connection connection, String job, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM batch_run" + (job == null ? "" : " WHERE job = ?")
                + " ORDER BY execution_id DESC LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int index = 1;
            if (job != null) {
                select.setString(index++, job);
            }
            select.setInt(index, limit);
            return list(select);
        }
    }

    private static JobRun run(Connection connection, long executionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM batch_run WHERE execution_id = ?")) {
            select.setLong(1, executionId);
            List<JobRun> found = list(select);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    /** Runs without an end (running, or cut off when PS stopped). */
    private static List<JobRun> unfinished(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM batch_run WHERE ended IS NULL")) {
            return list(select);
        }
    }

    private static List<JobRun> list(PreparedStatement select) throws SQLException {
        List<JobRun> runs = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                runs.add(new JobRun(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4), rows.getString(5),
                        rows.getInt(6), rows.getString(7), nullableLong(rows, 8), rows.getLong(9), nullableLong(rows, 10),
                        rows.getString(11), rows.getString(12), rows.getObject(13) == null ? null : rows.getInt(13),
                        rows.getString(14), nullableLong(rows, 15)));
            }
        }
        return runs;
    }

    private static Long nullableLong(ResultSet rows, int index) throws SQLException {
        long value = rows.getLong(index);
        return rows.wasNull() ? null : value;
    }

    private static Map<String, Long> lastFires(Connection connection) throws SQLException {
        Map<String, Long> fires = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT job, last_fire FROM batch_schedule");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                fires.put(rows.getString(1), rows.getLong(2));
            }
        }
        return fires;
    }

    /** See {@link #claimFire(Lease, long, String, long)}; in the caller's transaction. */
    public static boolean claimFire(Connection connection, Lease lease, long token, String job, long fire) throws SQLException {
        lease.fence(connection, token);
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO batch_schedule (job, last_fire) VALUES (?, ?) "
                + "ON CONFLICT (job) DO UPDATE SET last_fire = excluded.last_fire WHERE batch_schedule.last_fire < excluded.last_fire")) {
            upsert.setString(1, job);
            upsert.setLong(2, fire);
            return upsert.executeUpdate() == 1;
        }
    }
}
