package ps.neelix.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ps.cluster.control.Lease;
import ps.db.Db;
import ps.client.LogEntry;
import ps.neelix.entity.ForwardedPing;
import ps.neelix.entity.ForwardedRecord;
import ps.neelix.entity.MailRecord;
import ps.neelix.entity.Monitor;
import ps.neelix.entity.MonitorState;
import ps.neelix.entity.PingKind;
import ps.neelix.entity.RuleStats;
import ps.neelix.entity.Throttle;

/**
 * Neelix's tables (migrations V20, V62 and V64, location {@code db/neelix}): monitors, pings, rule statistics,
 * throttles, the mail log and the pings and records other nodes left for the lease's holder. Plain SQL with bound parameters; each operation is one read or one write transaction
 * of the database boundary. The writes of evaluated state are fenced with the lease's epoch they were
 * decided under ({@link Lease#fence}): a node that lost the lease writes nothing.
 */
public final class NeelixRepository {
    private static final int PINGS_KEPT = 100;
    private static final long MAILS_KEPT_MILLIS = Duration.ofDays(90).toMillis();

    private final Db db;

    public NeelixRepository(Db db) {
        this.db = db;
    }

    public List<Monitor> monitors() {
        return db.read(NeelixRepository::loadMonitors);
    }

    public List<Throttle> throttles() {
        return db.read(NeelixRepository::loadThrottles);
    }

    public Map<String, RuleStats> ruleStats() {
        return db.read(NeelixRepository::loadRuleStats);
    }

    /** Drops the throttles and statistics of rules no longer configured. */
    public void keepRulesOnly(Lease lease, long token, Collection<String> ruleIds) {
        db.write(connection -> {
            lease.fence(connection, token);
            forgetRulesExcept(connection, ruleIds);
            return null;
        });
    }

    /** Saves changed monitors, throttles and statistics, and deletes what is gone, in one transaction. */
    public void saveState(Lease lease, long token, Collection<Monitor> monitors, Collection<String> deletedMonitors, Collection<Throttle> forgottenThrottles,
                          Collection<Throttle> throttles, Collection<RuleStats> stats) {
        db.write(connection -> {
            lease.fence(connection, token);
            saveMonitors(connection, monitors);
            deleteMonitors(connection, deletedMonitors);
            deleteThrottles(connection, forgottenThrottles);
            saveThrottles(connection, throttles);
            saveRuleStats(connection, stats);
            return null;
        });
    }

    /** Saves a ping and the monitors it changed, in one transaction. */
    public void savePing(Lease lease, long token, Collection<Monitor> changed, String monitorId, long at, String kind, Integer exitCode, String body,
                         Long runMillis) {
        db.write(connection -> {
            lease.fence(connection, token);
            saveMonitors(connection, changed);
            insertPing(connection, monitorId, at, kind, exitCode, body, runMillis);
            return null;
        });
    }

    /** Leaves an authorised ping for the lease's holder (a node not holding it evaluates nothing). */
    public void forwardPing(String monitorId, long at, PingKind kind, Integer exitCode, String body) {
        db.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO neelix_ping_inbox (monitor_id, at, kind, exit_code, body) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, monitorId);
                insert.setLong(2, at);
                insert.setString(3, kind.name());
                setLong(insert, 4, exitCode == null ? null : exitCode.longValue());
                insert.setString(5, body);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The oldest {@code limit} pings other nodes left, oldest first. */
    public List<ForwardedPing> forwardedPings(int limit) {
        return db.read(connection -> {
            List<ForwardedPing> pings = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, monitor_id, at, kind, exit_code, body FROM neelix_ping_inbox ORDER BY id LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        long exit = row.getLong(5);
                        Integer exitCode = row.wasNull() ? null : (int) exit;
                        pings.add(new ForwardedPing(row.getLong(1), row.getString(2), row.getLong(3), PingKind.valueOf(row.getString(4)),
                                exitCode, row.getString(6)));
                    }
                }
            }
            return pings;
        });
    }

    /** Deletes the forwarded pings up to {@code lastId}, applied by the holder of epoch {@code token}. */
    public void takeForwardedPings(Lease lease, long token, long lastId) {
        takeFromInbox(lease, token, "DELETE FROM neelix_ping_inbox WHERE id <= ?", lastId);
    }

    private void takeFromInbox(Lease lease, long token, String delete, long lastId) {
        db.write(connection -> {
            lease.fence(connection, token);
            try (PreparedStatement statement = connection.prepareStatement(delete)) {
                statement.setLong(1, lastId);
                statement.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Leaves copies of records this node stored for the lease's holder to evaluate, in one transaction, while
     * the inbox holds fewer than {@code capacity} (a holder that is gone or slower than the senders must not
     * let the table grow without bound); returns how many did not fit.
     */
    public int forwardRecords(List<LogEntry> entries, long at, int capacity) {
        return db.write(connection -> {
            int room;
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM neelix_record_inbox");
                 ResultSet row = count.executeQuery()) {
                row.next();
                room = (int) Math.max(0, Math.min(entries.size(), capacity - row.getLong(1)));
            }
            if (room > 0) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO neelix_record_inbox (at, record) VALUES (?, ?)")) {
                    for (LogEntry entry : entries.subList(0, room)) {
                        insert.setLong(1, at);
                        insert.setString(2, RecordJson.write(entry));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            return entries.size() - room;
        });
    }

    /** The oldest {@code limit} records other nodes left, oldest first. */
    public List<ForwardedRecord> forwardedRecords(int limit) {
        return db.read(connection -> {
            List<ForwardedRecord> records = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, record FROM neelix_record_inbox ORDER BY id LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        records.add(new ForwardedRecord(row.getLong(1), RecordJson.read(row.getString(2))));
                    }
                }
            }
            return records;
        });
    }

    /** Deletes the forwarded records up to {@code lastId}, evaluated by the holder of epoch {@code token}. */
    public void takeForwardedRecords(Lease lease, long token, long lastId) {
        takeFromInbox(lease, token, "DELETE FROM neelix_record_inbox WHERE id <= ?", lastId);
    }

    /** Adds a mail to the mail log (and prunes mails older than 90 days). */
    public void logMail(MailRecord mail) {
        db.write(connection -> {
            insertMail(connection, mail);
            return null;
        });
    }

    /** Mails logged per rule id. */
    public Map<String, Long> mailCounts() {
        return db.read(NeelixRepository::mailsPerRule);
    }

    /** The newest mails, newest first. */
    public List<MailRecord> newestMails(int limit) {
        return db.read(connection -> recentMails(connection, limit));
    }

    private static List<Monitor> loadMonitors(Connection connection) throws SQLException {
        List<Monitor> monitors = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM neelix_monitor ORDER BY id");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                Monitor monitor = new Monitor(row.getString("id"), row.getString("origin"),
                        Duration.ofMillis(row.getLong("period_ms")), Duration.ofMillis(row.getLong("grace_ms")),
                        Duration.ofMillis(row.getLong("reminder_ms")));
                String mailTo = row.getString("mail_to");
                monitor.mailTo(mailTo.isEmpty() ? List.of() : Arrays.asList(mailTo.split(",")));
                monitor.token(row.getString("token"));
                monitor.restore(MonitorState.valueOf(row.getString("state")), longOrNull(row, "last_signal"),
                        longOrNull(row, "last_ping"), row.getString("last_ping_kind"), row.getString("last_ping_body"),
                        longOrNull(row, "last_start"), longOrNull(row, "last_run_ms"), intOrNull(row, "last_exit_code"),
                        longOrNull(row, "down_since"), longOrNull(row, "last_reminder"), longOrNull(row, "resumed_at"),
                        row.getInt("failed") != 0, longOrNull(row, "last_outage_ms"));
                monitors.add(monitor);
            }
        }
        return monitors;
    }

    /**
     * An INSERT of all columns that replaces the row of the same key (the first {@code keys} columns): the
     * upsert both SQLite and PostgreSQL run.
     */
    static String upsert(String table, int keys, String... columns) {
        List<String> updates = new ArrayList<>();
        for (int i = keys; i < columns.length; i++) {
            updates.add(columns[i] + " = excluded." + columns[i]);
        }
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.length, "?")) + ") ON CONFLICT ("
                + String.join(", ", java.util.Arrays.asList(columns).subList(0, keys)) + ") DO UPDATE SET "
                + String.join(", ", updates);
    }

    private static void saveMonitors(Connection connection, Collection<Monitor> monitors) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(upsert("neelix_monitor", 1, "id", "origin",
                "period_ms", "grace_ms", "reminder_ms", "mail_to", "token", "state", "last_signal", "last_ping", "last_ping_kind",
                "last_ping_body", "last_start", "last_run_ms", "last_exit_code", "down_since", "last_reminder", "resumed_at",
                "failed", "last_outage_ms"))) {
            for (Monitor monitor : monitors) {
                int i = 1;
                upsert.setString(i++, monitor.id());
                upsert.setString(i++, monitor.origin());
                upsert.setLong(i++, monitor.period().toMillis());
                upsert.setLong(i++, monitor.grace().toMillis());
                upsert.setLong(i++, monitor.reminder().toMillis());
                upsert.setString(i++, String.join(",", monitor.mailTo()));
                upsert.setString(i++, monitor.token());
                upsert.setString(i++, monitor.state().name());
                setLong(upsert, i++, monitor.lastSignal());
                setLong(upsert, i++, monitor.lastPing());
                upsert.setString(i++, monitor.lastPingKind());
                upsert.setString(i++, monitor.lastPingBody());
                setLong(upsert, i++, monitor.lastStart());
                setLong(upsert, i++, monitor.lastRunMillis());
                setLong(upsert, i++, monitor.lastExitCode() == null ? null : monitor.lastExitCode().longValue());
                setLong(upsert, i++, monitor.downSince());
                setLong(upsert, i++, monitor.lastReminder());
                setLong(upsert, i++, monitor.resumedAt());
                upsert.setInt(i++, monitor.failed() ? 1 : 0);
                setLong(upsert, i, monitor.lastOutageMillis());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static void deleteMonitors(Connection connection, Collection<String> ids) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM neelix_monitor WHERE id = ?")) {
            for (String id : ids) {
                delete.setString(1, id);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /** Keeps a ping (its body as message) and the newest {@value #PINGS_KEPT} per service. */
    private static void insertPing(Connection connection, String monitorId, long at, String kind, Integer exitCode,
                                  String body, Long runMillis) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO neelix_ping (monitor_id, at, kind, exit_code, body, run_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, monitorId);
            insert.setLong(2, at);
            insert.setString(3, kind);
            setLong(insert, 4, exitCode == null ? null : exitCode.longValue());
            insert.setString(5, body);
            setLong(insert, 6, runMillis);
            insert.executeUpdate();
        }
        try (PreparedStatement prune = connection.prepareStatement("DELETE FROM neelix_ping WHERE monitor_id = ? AND id <= "
                + "(SELECT id FROM neelix_ping WHERE monitor_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            prune.setString(1, monitorId);
            prune.setString(2, monitorId);
            prune.setInt(3, PINGS_KEPT);
            prune.executeUpdate();
        }
    }

    private static Map<String, RuleStats> loadRuleStats(Connection connection) throws SQLException {
        Map<String, RuleStats> stats = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT rule_id, matches, last_match FROM neelix_rule_stats");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                stats.put(row.getString(1), new RuleStats(row.getString(1), row.getLong(2), longOrNull(row, "last_match")));
            }
        }
        return stats;
    }

    private static void saveRuleStats(Connection connection, Collection<RuleStats> stats) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                upsert("neelix_rule_stats", 1, "rule_id", "matches", "last_match"))) {
            for (RuleStats rule : stats) {
                upsert.setString(1, rule.ruleId());
                upsert.setLong(2, rule.matches());
                setLong(upsert, 3, rule.lastMatch());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static List<Throttle> loadThrottles(Connection connection) throws SQLException {
        List<Throttle> throttles = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM neelix_throttle");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                Throttle throttle = new Throttle(row.getString("rule_id"), row.getString("system_id"));
                throttle.restore(longOrNull(row, "last_mail"), row.getInt("suppressed"), longOrNull(row, "first_suppressed"),
                        row.getString("last_message"), row.getString("last_level"), longOrNull(row, "last_created"));
                throttles.add(throttle);
            }
        }
        return throttles;
    }

    private static void saveThrottles(Connection connection, Collection<Throttle> throttles) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(upsert("neelix_throttle", 2, "rule_id",
                "system_id", "last_mail", "suppressed", "first_suppressed", "last_message", "last_level", "last_created"))) {
            for (Throttle throttle : throttles) {
                upsert.setString(1, throttle.ruleId());
                upsert.setString(2, throttle.system());
                setLong(upsert, 3, throttle.lastMail());
                upsert.setInt(4, throttle.suppressed());
                setLong(upsert, 5, throttle.firstSuppressed());
                upsert.setString(6, throttle.lastMessage());
                upsert.setString(7, throttle.lastLevel());
                setLong(upsert, 8, throttle.lastCreated());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** Drops throttles neelix no longer holds (their interval passed with nothing held back). */
    private static void deleteThrottles(Connection connection, Collection<Throttle> throttles) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM neelix_throttle WHERE rule_id = ? AND system_id = ?")) {
            for (Throttle throttle : throttles) {
                delete.setString(1, throttle.ruleId());
                delete.setString(2, throttle.system());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /** Forgets the state of rules that are no longer configured. */
    private static void forgetRulesExcept(Connection connection, Collection<String> ruleIds) throws SQLException {
        String placeholders = String.join(", ", java.util.Collections.nCopies(Math.max(1, ruleIds.size()), "?"));
        for (String table : List.of("neelix_throttle", "neelix_rule_stats")) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE rule_id NOT IN (" + placeholders + ")")) {
                int i = 1;
                if (ruleIds.isEmpty()) {
                    delete.setString(i, "");
                }
                for (String id : ruleIds) {
                    delete.setString(i++, id);
                }
                delete.executeUpdate();
            }
        }
    }

    private static void insertMail(Connection connection, MailRecord mail) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO neelix_mail (at, kind, rule_id, "
                + "monitor_id, system_id, recipients, subject, body_text, body_html, status, error, latency_ms) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, mail.at());
            insert.setString(2, mail.kind());
            insert.setString(3, mail.ruleId());
            insert.setString(4, mail.monitorId());
            insert.setString(5, mail.system());
            insert.setString(6, mail.recipients());
            insert.setString(7, mail.subject());
            insert.setString(8, mail.text());
            insert.setString(9, mail.html());
            insert.setString(10, mail.status());
            insert.setString(11, mail.error());
            setLong(insert, 12, mail.latencyMillis());
            insert.executeUpdate();
        }
        try (PreparedStatement prune = connection.prepareStatement("DELETE FROM neelix_mail WHERE at < ?")) {
            prune.setLong(1, mail.at() - MAILS_KEPT_MILLIS);
            prune.executeUpdate();
        }
    }

    /** Mails that left (sent or captured) per rule. */
    private static Map<String, Long> mailsPerRule(Connection connection) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT rule_id, count(*) FROM neelix_mail "
                + "WHERE rule_id IS NOT NULL AND status IN ('sent', 'captured') GROUP BY rule_id");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                counts.put(row.getString(1), row.getLong(2));
            }
        }
        return counts;
    }

    /** The newest mails, newest first. */
    private static List<MailRecord> recentMails(Connection connection, int limit) throws SQLException {
        List<MailRecord> mails = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM neelix_mail ORDER BY id DESC LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    mails.add(new MailRecord(row.getLong("at"), row.getString("kind"), row.getString("rule_id"),
                            row.getString("monitor_id"), row.getString("system_id"), row.getString("recipients"),
                            row.getString("subject"), row.getString("body_text"), row.getString("body_html"),
                            row.getString("status"), row.getString("error"), longOrNull(row, "latency_ms")));
                }
            }
        }
        return mails;
    }

    private static Long longOrNull(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static Integer intOrNull(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, value);
        }
    }
}
