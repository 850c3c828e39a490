package ps.neelix.boundary;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.Stage;
import ps.neelix.control.AlertModels;
import ps.neelix.control.ConfigFiles;
import ps.neelix.control.Heartbeats;
import ps.neelix.control.MailRetry;
import ps.neelix.control.MailTemplates;
import ps.neelix.control.Mailer;
import ps.neelix.control.NeelixLoop;
import ps.neelix.control.NeelixTables;
import ps.neelix.control.RuleEngine;
import ps.neelix.control.Webhook;
import ps.neelix.entity.Alert;
import ps.neelix.entity.Durations;
import ps.neelix.entity.MailRecord;
import ps.neelix.entity.Monitor;
import ps.neelix.entity.MonitorStatus;
import ps.neelix.entity.NeelixConfig;
import ps.neelix.entity.PingCaller;
import ps.neelix.entity.PingKind;
import ps.neelix.entity.PingReply;
import ps.neelix.entity.RuleStats;
import ps.neelix.entity.RuleStatus;
import ps.neelix.entity.ServiceDeclaration;
import ps.neelix.entity.Throttle;
import ps.settings.PsSettings;
import ps.store.boundary.LogStore;

/**
 * Neelix: rules that mail people as records are stored, and heartbeats of monitored services. Its state
 * lives in SQLite (written through the store's one writer) and in memory on one loop thread; mails and
 * webhooks leave from a thread of their own, so a slow mail server delays no evaluation. Each reaction is
 * also stored as a WARNING record from system {@code neelix}.
 */
@Singleton
@Startup
@DependsOn("LogStore")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Neelix {
    private static final Logger LOG = Logger.getLogger("ps.neelix");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    LogStore store;

    @Inject
    PsSettings settings;

    @Inject
    NeelixSettings neelixSettings;

    @Resource
    ManagedThreadFactory threads;

    private Stage stage;
    private Path configDir;
    private AlertModels models;
    private ConfigFiles files;
    private RuleEngine rules;
    private Heartbeats heartbeats;
    private Mailer mailer;
    private MailTemplates templates;
    private final Webhook webhook = new Webhook();
    private NeelixLoop loop;
    private ScheduledExecutorService outbox;
    private final AtomicLong dropped = new AtomicLong();
    private volatile List<String> configMessages = List.of();
    private NeelixConfig fileConfig = NeelixConfig.empty();
    private List<ServiceDeclaration> extraServices = List.of();

    @PostConstruct
    void start() {
        stage = settings.stage();
        configDir = settings.configDir();
        models = new AlertModels(stage.name(), ZoneId.systemDefault());
        List<Monitor> monitors = store.read(NeelixTables::loadMonitors);
        List<Throttle> throttles = store.read(NeelixTables::loadThrottles);
        Map<String, RuleStats> stats = store.read(NeelixTables::loadRuleStats);
        rules = new RuleEngine(models, throttles, stats).limits(neelixSettings.ruleMailCap(), neelixSettings.ruleMailWindow());
        heartbeats = new Heartbeats(models, monitors, Neelix::newToken).pingServiceCap(neelixSettings.pingServiceCap());
        files = new ConfigFiles(configDir, stage);
        mailer = createMailer();
        templates = new MailTemplates(configDir.resolve("templates"), neelixSettings.mailLanguage());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
        // a mail retry still waiting at shut-down is dropped, not run later against a closed store
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        outbox = executor;
        outbox.execute(this::warmUp);
        reloadConfig();
        save(true);
        loop = new NeelixLoop(threads, 10_000, this::timedStep, this::nextWake);
        store.onCommit(this::committed);
        LOG.info(() -> "neelix ready: config " + files.files() + ", " + rules.rules().size() + " rules, "
                + heartbeats.size() + " monitored services, mail " + (mailer.capturing() ? "captured under "
                + captureDir() : "via " + neelixSettings.smtpHost() + ":" + neelixSettings.smtpPort()));
    }

    private Mailer createMailer() {
        boolean capture = neelixSettings.mailCapture();
        if (capture && stage != Stage.TESTING) {
            LOG.warning("PS_MAIL_CAPTURE=true is honoured in stage TESTING only; stage " + stage + " sends its mails");
            capture = false;
        }
        return new Mailer(neelixSettings.smtpHost(), neelixSettings.smtpPort(), neelixSettings.smtpUser(),
                neelixSettings.smtpPassword(), neelixSettings.smtpTls(), neelixSettings.mailFrom(),
                capture ? captureDir() : null);
    }

    /**
     * Renders every template once and composes a message, so the first real alert does not pay for class
     * loading and template compilation; a broken override template shows up in the log at start.
     */
    private void warmUp() {
        for (String kind : List.of("match", "down", "up")) {
            try {
                MailTemplates.Rendered mail = templates.render(kind, Map.of("stage", stage.name(), "message", "warm-up",
                        "digest", false, "failed", false, "count", 1));
                mailer.compose(mail, List.of(neelixSettings.mailFrom())).writeTo(java.io.OutputStream.nullOutputStream());
            } catch (Exception e) {
                LOG.warning("neelix: mail template '" + kind + "' cannot be used: " + e);
            }
        }
        try {
            mailer.probe();
        } catch (Exception e) {
            LOG.warning("neelix: the SMTP server " + neelixSettings.smtpHost() + ":" + neelixSettings.smtpPort()
                    + " (settings PS_SMTP_*) cannot be reached now; mails will be tried when due: " + e);
        }
    }

    private Path captureDir() {
        return settings.dataDir().resolve("mail-capture");
    }

    @PreDestroy
    void stop() {
        try {
            loop.call(() -> {
                save(true);
                return null;
            }, CALL_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "neelix: state not saved at shut-down", e);
        }
        loop.close();
        outbox.shutdown();
        try {
            outbox.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The clock: re-reads the config when it changed, moves monitors on, sends due digests, saves state. */
    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false, info = "neelix heartbeat clock")
    void tick() {
        loop.offer(() -> {
            reloadConfig();
            timedStep();
            save(true);
        });
    }

    /** Called on the store's writer thread: only hands the records on. */
    private void committed(List<LogEntry> batch) {
        if (!loop.offer(() -> onRecords(batch))) {
            long lost = dropped.incrementAndGet();
            if (lost == 1 || lost % 1000 == 0) {
                LOG.warning("neelix: its queue is full; " + lost + " committed batches were not evaluated");
            }
        }
    }

    private void onRecords(List<LogEntry> batch) {
        long now = System.currentTimeMillis();
        List<Alert> alerts = new ArrayList<>(heartbeats.records(batch, now));
        alerts.addAll(rules.evaluate(batch, now));
        alerts.forEach(this::dispatch); // mail first, then save: the commit is not on the alert's path
        save(!alerts.isEmpty());
    }

    private void timedStep() {
        long now = System.currentTimeMillis();
        List<Alert> alerts = new ArrayList<>(heartbeats.tick(now));
        alerts.addAll(rules.dueDigests(now));
        alerts.forEach(this::dispatch);
        if (!alerts.isEmpty()) {
            save(true);
        }
    }

    private long nextWake() {
        return Math.min(heartbeats.nextWake(), rules.nextDigest());
    }

    private void reloadConfig() {
        ConfigFiles.Reload reload = files.reload();
        for (String message : reload.messages()) {
            if (ConfigFiles.Reload.isProblem(message)) {
                LOG.warning("neelix config: " + message);
                record("CONFIG ERROR: " + message, "config");
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
            Duration throttle = config.throttle() != null ? config.throttle() : neelixSettings.throttle();
            rules.configure(config.rules(), throttle);
            heartbeats.configure(config.withServices(extraServices), neelixSettings.reminder());
            List<String> ids = rules.rules().stream().map(rule -> rule.id()).toList();
            store.inWriter(connection -> {
                NeelixTables.forgetRulesExcept(connection, ids);
                return null;
            });
        }
    }

    /** Writes changed state through the store's writer; signals-only changes wait for the clock unless {@code all}. */
    private void save(boolean all) {
        List<Monitor> monitors = heartbeats.takeDirty(all);
        List<String> deleted = heartbeats.takeDeleted();
        List<Throttle> throttles = all ? rules.takeDirtyThrottles() : List.of();
        List<Throttle> forgotten = all ? rules.takeForgottenThrottles() : List.of();
        List<RuleStats> stats = all ? rules.takeDirtyStats() : List.of();
        if (monitors.isEmpty() && deleted.isEmpty() && throttles.isEmpty() && forgotten.isEmpty() && stats.isEmpty()) {
            return;
        }
        store.inWriter(connection -> {
            NeelixTables.saveMonitors(connection, monitors);
            NeelixTables.deleteMonitors(connection, deleted);
            NeelixTables.deleteThrottles(connection, forgotten);
            NeelixTables.saveThrottles(connection, throttles);
            NeelixTables.saveRuleStats(connection, stats);
            return null;
        });
    }

    private void dispatch(Alert alert) {
        outbox.execute(() -> deliver(alert));
    }

    /** On the outbox thread: mail, webhook, mail log, WARNING record. */
    private void deliver(Alert alert) {
        String outcome = "";
        if (!alert.mailTo().isEmpty()) {
            outcome = mail(alert, 1);
        }
        if (alert.webhook() != null) {
            try {
                webhook.post(alert.webhook(), json(alert));
                outcome += " (webhook posted)";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warning("neelix: webhook " + alert.webhook() + " for " + alert + " failed: " + e);
                outcome += " (webhook FAILED: " + e.getMessage() + ")";
            }
        }
        record(alert.warning() + outcome, alert.kind().name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * One attempt at an alert's mail, written to the mail log; when the SMTP server did not take it, the
     * next attempt is scheduled on the outbox (a broken template is not tried again). Returns the outcome
     * for the reaction's record.
     */
    private String mail(Alert alert, int attempt) {
        String subject = "";
        String text = null;
        String html = null;
        String status;
        String error = null;
        boolean retry = false;
        long begun = System.currentTimeMillis();
        long rendered = begun;
        MailRetry retries = neelixSettings.mailRetry();
        try {
            MailTemplates.Rendered mail = templates.render(alert.kind().template(), alert.model());
            rendered = System.currentTimeMillis();
            subject = mail.subject();
            text = mail.text();
            html = mail.html();
            try {
                status = mailer.deliver(mail, alert.mailTo());
            } catch (jakarta.mail.MessagingException | java.io.IOException e) {
                error = e.toString();
                retry = retries.another(attempt);
                status = retry ? "failed, retrying" : "failed";
            }
        } catch (Exception e) {
            status = "failed";
            error = e.toString();
        }
        long at = System.currentTimeMillis();
        long latency = at - alert.triggeredAt();
        if (error == null) {
            LOG.info("neelix: mail " + status + " for " + alert + " to " + alert.mailTo() + (attempt > 1 ? " on attempt " + attempt : "")
                    + ", " + latency + " ms after its cause (queued " + (begun - alert.triggeredAt()) + " ms, rendered in "
                    + (rendered - begun) + " ms, " + status + " in " + (at - rendered) + " ms)");
        } else {
            LOG.warning("neelix: mail for " + alert + " to " + alert.mailTo() + " failed on attempt " + attempt + ": " + error
                    + (retry ? "; next attempt in " + Durations.format(retries.delayAfter(attempt)) : "; not tried again"));
        }
        MailRecord record = new MailRecord(at, alert.kind().name(), alert.ruleId(), alert.monitorId(), alert.system(),
                String.join(",", alert.mailTo()), subject, text, html, status, error, latency);
        try {
            store.inWriter(connection -> {
                NeelixTables.insertMail(connection, record);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "neelix: mail log not written", e);
        }
        if (retry) {
            Duration delay = retries.delayAfter(attempt);
            try {
                outbox.schedule(() -> retryMail(alert, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                LOG.warning("neelix: shutting down, mail for " + alert + " not tried again");
            }
            return " (mail FAILED: " + error + "; attempt " + (attempt + 1) + " of " + (retries.retries() + 1)
                    + " in " + Durations.format(delay) + ")";
        }
        if (error != null) {
            return " (mail FAILED: " + error + (attempt > 1 ? ", attempt " + attempt + " of " + (retries.retries() + 1) : "") + ")";
        }
        return " (mail " + status + (attempt > 1 ? " on attempt " + attempt + " of " + (retries.retries() + 1) : "") + ")";
    }

    /** A later attempt: its outcome gets a record of its own, the reaction's record is written already. */
    private void retryMail(Alert alert, int attempt) {
        String outcome = mail(alert, attempt);
        record(alert.warning() + outcome, alert.kind().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Stores a WARNING record from system neelix, as the original did for each reaction. */
    private void record(String message, String function) {
        long now = System.currentTimeMillis();
        LogEntry entry = new LogEntry().created(now).received(now).level(ps.client.Level.WARNING)
                .set(LogField.SYSTEM_ID, RuleEngine.OWN_SYSTEM)
                .set(LogField.NAME, "ps.neelix")
                .set(LogField.MODULE, "neelix")
                .set(LogField.FUNCNAME, function)
                .set(LogField.STAGE, stage.name())
                .set(LogField.MESSAGE, message);
        try {
            store.append(List.of(entry));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "neelix: reaction record not stored: " + message, e);
        }
    }

    private static String json(Alert alert) {
        JsonObjectBuilder fields = Json.createObjectBuilder();
        alert.model().forEach((key, value) -> {
            if (value instanceof Boolean) {
                fields.add(key, (Boolean) value);
            } else if (value instanceof Number) {
                fields.add(key, ((Number) value).longValue());
            } else if (value != null) {
                fields.add(key, value.toString());
            }
        });
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("kind", alert.kind().name())
                .add("system", alert.system() == null ? "" : alert.system())
                .add("summary", alert.warning())
                .add("fields", fields);
        if (alert.ruleId() != null) {
            body.add("rule", alert.ruleId());
        }
        if (alert.monitorId() != null) {
            body.add("service", alert.monitorId());
        }
        return body.build().toString();
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ---- for the ping endpoint, the REST API and the console ----

    /**
     * A ping. Authorised by the service's token or the admin role (PS itself pings as admin); only an admin
     * may make a new service appear; a refused ping changes nothing.
     */
    public PingReply ping(String service, PingKind kind, Integer exitCode, String body, String token,
                          PingCaller caller) {
        return call(() -> {
            long now = System.currentTimeMillis();
            Heartbeats.PingOutcome outcome = heartbeats.ping(service, kind, exitCode, body, token, caller, now);
            if (!outcome.authorised()) {
                return PingReply.refused(outcome.status(), outcome.reason());
            }
            outcome.alerts().forEach(this::dispatch);
            List<Monitor> changed = heartbeats.takeDirty(false);
            store.inWriter(connection -> {
                NeelixTables.saveMonitors(connection, changed);
                NeelixTables.insertPing(connection, service, now, outcome.kind(), exitCode, body, outcome.runMillis());
                return null;
            });
            return new PingReply(true, outcome.monitor().state().name(), outcome.kind(), outcome.runMillis());
        });
    }

    /**
     * Declares monitored services besides the config files' (the scheduled batch jobs): they replace the
     * previous such list; a service the files declare keeps the files' declaration.
     */
    public void declareServices(List<ServiceDeclaration> services) {
        call(() -> {
            extraServices = List.copyOf(services);
            heartbeats.configure(fileConfig.withServices(extraServices), neelixSettings.reminder());
            save(true);
            return null;
        });
    }

    public List<MonitorStatus> monitors() {
        return call(() -> heartbeats.monitors().stream().map(MonitorStatus::new).toList());
    }

    /** @return the monitor after pausing, or null when there is none of that id */
    public MonitorStatus pause(String id) {
        return call(() -> {
            if (!heartbeats.pause(id)) {
                return null;
            }
            save(false);
            return new MonitorStatus(heartbeats.monitor(id));
        });
    }

    /** @return the monitor after resuming, or null when there is none of that id */
    public MonitorStatus resume(String id) {
        return call(() -> {
            if (!heartbeats.resume(id, System.currentTimeMillis())) {
                return null;
            }
            save(false);
            return new MonitorStatus(heartbeats.monitor(id));
        });
    }

    public List<RuleStatus> rules() {
        Map<String, Long> mails = store.read(NeelixTables::mailsPerRule);
        return call(() -> rules.rules().stream()
                .map(rule -> new RuleStatus(rule, rule.throttleOr(rules.defaultThrottle()).toMillis(),
                        rules.stats(rule.id()), mails.getOrDefault(rule.id(), 0L), rules.suppressed(rule.id())))
                .toList());
    }

    /** The newest mails (sent, captured or failed), newest first. */
    public List<MailRecord> mails(int limit) {
        return store.read(connection -> NeelixTables.recentMails(connection, limit));
    }

    /** What the last look at the config files reported (files read, mistakes with file:line). */
    public List<String> configMessages() {
        return configMessages;
    }

    public List<Path> configFiles() {
        return files.files();
    }

    private <T> T call(java.util.concurrent.Callable<T> task) {
        try {
            return loop.call(task, CALL_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("neelix did not answer within " + CALL_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("neelix: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
