package ps.neelix.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import ps.client.LogEntry;
import ps.neelix.entity.Alert;
import ps.neelix.entity.ForwardedPing;
import ps.neelix.entity.ForwardedRecord;
import ps.neelix.entity.MonitorStatus;
import ps.neelix.entity.NeelixConfig;
import ps.neelix.entity.PingCaller;
import ps.neelix.entity.PingKind;
import ps.neelix.entity.PingReply;
import ps.neelix.entity.RuleStatus;
import ps.neelix.entity.ServiceDeclaration;

/**
 * What neelix decides: the rules over committed records, the heartbeats over time and pings, the config
 * files re-read when they change. Alerts go to the {@link Outbox}, state to the {@link MonitorStore}. Not
 * thread-safe: everything here runs on neelix's one loop thread.
 * <p>
 * Only the node holding the cluster's lease evaluates (on SQLite the one node always does): on the others
 * the state is a standby view that answers pings and the console but neither mails nor saves; a ping it
 * authorised is left for the holder ({@link #applyForwardedPings}), and so are the records it stored that
 * a rule or a record heartbeat wants ({@link #applyForwardedRecords}). A timed alert
 * (a DOWN, a reminder, a digest) is saved, fenced with the lease's epoch, before it leaves, so the next
 * holder, which loads the saved state, does not send it again, and a holder that lost the lease sends nothing.
 */
public final class Evaluation {
    private static final Logger LOG = Logger.getLogger("ps.neelix");
    /** The most pings other nodes left that one round applies. */
    private static final int FORWARDED_PER_ROUND = 1000;
    /** The most records of one committed batch a node not holding the lease hands on. */
    private static final int FORWARDED_PER_BATCH = 200;
    /** The most records the inbox holds for the holder: 50 of its rounds (a round every ~2 s takes 1,000). */
    private static final int FORWARDED_INBOX_CAPACITY = 50 * FORWARDED_PER_ROUND;

    private final RuleEngine rules;
    private final Heartbeats heartbeats;
    private final ConfigFiles files;
    private final MonitorStore state;
    private final Outbox outbox;
    private final Reactions reactions;
    private final Duration defaultThrottle;
    private final Duration reminder;
    private volatile List<String> configMessages = List.of();
    private NeelixConfig fileConfig = NeelixConfig.empty();
    private List<ServiceDeclaration> extraServices = List.of();

    /**
     * @param defaultThrottle a rule's throttle when neither it nor the config file names one
     * @param reminder        how often a DOWN service is mailed again when the config does not say
     */
    public Evaluation(RuleEngine rules, Heartbeats heartbeats, ConfigFiles files, MonitorStore state, Outbox outbox,
                      Reactions reactions, Duration defaultThrottle, Duration reminder) {
        this.rules = rules;
        this.heartbeats = heartbeats;
        this.files = files;
        this.state = state;
        this.outbox = outbox;
        this.reactions = reactions;
        this.defaultThrottle = defaultThrottle;
        this.reminder = reminder;
    }

    /** Records just committed: rules and heartbeats; mail first, then save (the commit is not on the alert's path). */
    public void onRecords(List<LogEntry> batch) {
        if (!state.holding()) {
            forward(batch);
            return;
        }
        long now = System.currentTimeMillis();
        List<Alert> alerts = new ArrayList<>(heartbeats.records(batch, now));
        alerts.addAll(rules.evaluate(batch, now));
        alerts.forEach(outbox::dispatch);
        state.save(!alerts.isEmpty());
    }

    /**
     * On a node not holding the lease: the records a rule matches or that prove a monitored service alive
     * are left for the holder (at most {@link #FORWARDED_PER_BATCH} of a batch; one signal per service is enough).
     */
    private void forward(List<LogEntry> batch) {
        List<LogEntry> wanted = new ArrayList<>();
        java.util.Set<String> signalled = new java.util.HashSet<>();
        int over = 0;
        for (LogEntry entry : batch) {
            boolean signal = heartbeats.provesLife(entry) && signalled.add(entry.get(ps.client.LogField.SYSTEM_ID));
            if (signal || rules.matchesAny(entry)) {
                if (wanted.size() < FORWARDED_PER_BATCH) {
                    wanted.add(entry);
                } else {
                    over++;
                }
            }
        }
        if (over > 0) {
            LOG.warning("neelix: " + over + " matching records of a batch of " + batch.size() + " were not handed to the"
                    + " cluster's lease holder (at most " + FORWARDED_PER_BATCH + " a batch)");
        }
        if (!wanted.isEmpty()) {
            int full = state.forwardRecords(wanted, System.currentTimeMillis(), FORWARDED_INBOX_CAPACITY);
            if (full > 0) {
                LOG.warning("neelix: " + full + " matching records were not handed to the cluster's lease holder: its inbox"
                        + " holds " + FORWARDED_INBOX_CAPACITY + " records not yet evaluated");
            }
        }
    }

    /**
     * The holder evaluates the records other nodes left like its own commits, saves the state (throttles
     * included) before the mails leave, then deletes them: a holder dying before the delete leaves them to
     * the next one, whose loaded throttles hold back a rule mail sent already.
     */
    void applyForwardedRecords() {
        List<ForwardedRecord> records = state.forwardedRecords(FORWARDED_PER_ROUND);
        if (records.isEmpty()) {
            return;
        }
        List<LogEntry> batch = records.stream().map(ForwardedRecord::entry).toList();
        long now = System.currentTimeMillis();
        List<Alert> alerts = new ArrayList<>(heartbeats.records(batch, now));
        alerts.addAll(rules.evaluate(batch, now));
        if (!state.save(true)) {
            return; // the lease was lost: its new holder evaluates them
        }
        alerts.forEach(outbox::dispatch);
        state.forwardedRecordsTaken(records.get(records.size() - 1).id());
    }

    /** Time passed: deadlines of monitors, due digests of rules. */
    public void timedStep() {
        if (!state.holding()) {
            return;
        }
        applyForwardedPings(); // a ping that reached another node before the deadline counts
        applyForwardedRecords();
        long now = System.currentTimeMillis();
        List<Alert> alerts = new ArrayList<>(heartbeats.tick(now));
        alerts.addAll(rules.dueDigests(now));
        if (alerts.isEmpty()) {
            return;
        }
        boolean held;
        try {
            held = state.save(true);
        } catch (RuntimeException e) {
            alerts.forEach(outbox::dispatch); // the database failed, not the lease: the alerts still leave
            throw e;
        }
        if (held) {
            alerts.forEach(outbox::dispatch);
        } else {
            LOG.warning("neelix: the cluster's lease was lost; " + alerts.size() + " alerts left to its new holder");
        }
    }

    /** When {@link #timedStep} has something to do next (epoch ms). */
    public long nextWake() {
        if (!state.holding()) {
            return Long.MAX_VALUE;
        }
        return Math.min(heartbeats.nextWake(), rules.nextDigest());
    }

    /** The clock's round: re-read the config when it changed, move monitors on, save state. */
    public void clock() {
        reloadConfig();
        timedStep();
        state.save(true);
    }

    /** Saves changed state; signals-only changes wait for the clock unless {@code all}. */
    public void save(boolean all) {
        state.save(all);
    }

    public void reloadConfig() {
        ConfigFiles.Reload reload = files.reload();
        for (String message : reload.messages()) {
            if (ConfigFiles.Reload.isProblem(message)) {
                LOG.warning("neelix config: " + message);
                reactions.record("CONFIG ERROR: " + message, "config");
            } else {
                LOG.info("neelix config: " + message);
            }
        }
        if (!reload.messages().isEmpty()) {
            configMessages = List.copyOf(reload.messages());
        }
        if (reload.changed()) {
            NeelixConfig config = reload.config();
            fileConfig = config;
            Duration throttle = config.throttle() != null ? config.throttle() : defaultThrottle;
            rules.configure(config.rules(), throttle);
            heartbeats.configure(config.withServices(extraServices), reminder);
            state.keepRulesOnly(rules.rules().stream().map(rule -> rule.id()).toList());
        }
    }

    /** A ping (see {@link Heartbeats#ping}); a refused ping changes nothing. */
    public PingReply ping(String service, PingKind kind, Integer exitCode, String body, String token, PingCaller caller) {
        long now = System.currentTimeMillis();
        Heartbeats.PingOutcome outcome = heartbeats.ping(service, kind, exitCode, body, token, caller, now);
        if (!outcome.authorised()) {
            return PingReply.refused(outcome.status(), outcome.reason());
        }
        if (state.holding()) {
            outcome.alerts().forEach(outbox::dispatch);
            state.savePing(service, now, outcome.kind(), exitCode, body, outcome.runMillis());
        } else {
            state.forwardPing(service, now, kind == null ? PingKind.SUCCESS : kind, exitCode, body); // the holder evaluates it
        }
        return new PingReply(true, outcome.monitor().state().name(), outcome.kind(), outcome.runMillis());
    }

    /**
     * The holder applies the pings other nodes authorised and left, oldest first, at the time they arrived
     * there, then deletes them: a ping applied when the holder dies before the delete is applied again by
     * the next one (as a second ping), none is lost.
     */
    void applyForwardedPings() {
        List<ForwardedPing> pings = state.forwardedPings(FORWARDED_PER_ROUND);
        if (pings.isEmpty()) {
            return;
        }
        for (ForwardedPing ping : pings) {
            Heartbeats.PingOutcome outcome = heartbeats.ping(ping.service(), ping.kind(), ping.exitCode(), ping.body(), null,
                    PingCaller.ADMIN, ping.at());
            if (outcome.authorised()) {
                outcome.alerts().forEach(outbox::dispatch);
                state.savePing(ping.service(), ping.at(), outcome.kind(), ping.exitCode(), ping.body(), outcome.runMillis());
            }
        }
        state.forwardedPingsTaken(pings.get(pings.size() - 1).id());
    }

    /** Services declared besides the config files' (they replace the previous such list). */
    public void declareServices(List<ServiceDeclaration> services) {
        extraServices = List.copyOf(services);
        heartbeats.configure(fileConfig.withServices(extraServices), reminder);
        state.save(true);
    }

    /** The services declared besides the config files' (for the next holder's evaluation). */
    public List<ServiceDeclaration> extraServices() {
        return extraServices;
    }

    /** The lease's epoch this evaluation's state was loaded under; 0 for a standby view. */
    public long token() {
        return state.token();
    }

    public List<MonitorStatus> monitors() {
        return heartbeats.monitors().stream().map(MonitorStatus::new).toList();
    }

    /** @return the monitor after pausing, or null when there is none of that id */
    public MonitorStatus pause(String id) {
        if (!heartbeats.pause(id)) {
            return null;
        }
        state.save(false);
        return new MonitorStatus(heartbeats.monitor(id));
    }

    /** @return the monitor after resuming, or null when there is none of that id */
    public MonitorStatus resume(String id) {
        if (!heartbeats.resume(id, System.currentTimeMillis())) {
            return null;
        }
        state.save(false);
        return new MonitorStatus(heartbeats.monitor(id));
    }

    /** The rules with their statistics; {@code mails} per rule id from the mail log. */
    public List<RuleStatus> rules(java.util.Map<String, Long> mails) {
        return rules.rules().stream()
                .map(rule -> new RuleStatus(rule, rule.throttleOr(rules.defaultThrottle()).toMillis(),
                        rules.stats(rule.id()), mails.getOrDefault(rule.id(), 0L), rules.suppressed(rule.id())))
                .toList();
    }

    /** What the last look at the config files reported (files read, mistakes with file:line); any thread. */
    public List<String> configMessages() {
        return configMessages;
    }

    public int ruleCount() {
        return rules.rules().size();
    }

    public int serviceCount() {
        return heartbeats.size();
    }
}
