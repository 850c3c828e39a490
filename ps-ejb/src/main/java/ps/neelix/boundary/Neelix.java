package ps.neelix.boundary;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
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

import ps.client.LogEntry;
import ps.client.Stage;
import ps.cluster.boundary.Cluster;
import ps.cluster.control.Lease;
import ps.db.Db;
import ps.neelix.control.AlertModels;
import ps.neelix.control.ConfigFiles;
import ps.neelix.control.Evaluation;
import ps.neelix.control.Heartbeats;
import ps.neelix.control.MailTemplates;
import ps.neelix.control.Mailer;
import ps.neelix.control.MonitorStore;
import ps.neelix.control.NeelixLoop;
import ps.neelix.control.NeelixRepository;
import ps.neelix.control.Outbox;
import ps.neelix.control.Reactions;
import ps.neelix.control.RuleEngine;
import ps.neelix.entity.MailRecord;
import ps.neelix.entity.MonitorStatus;
import ps.neelix.entity.PingCaller;
import ps.neelix.entity.PingKind;
import ps.neelix.entity.PingReply;
import ps.neelix.entity.RuleStatus;
import ps.neelix.entity.ServiceDeclaration;
import ps.settings.PsSettings;
import ps.store.boundary.LogStore;

/**
 * Neelix: rules that mail people as records are stored, and heartbeats of monitored services. The
 * {@link Evaluation} runs on one loop thread, fed by the store's commits and a clock; alerts leave through
 * the {@link Outbox}; state is kept by the {@link MonitorStore} in neelix's tables; each reaction is also
 * stored as a WARNING record from system {@code neelix}. In a cluster only the node holding the
 * {@link Cluster}'s lease evaluates; the others keep a standby view (see {@link Evaluation}).
 */
@Singleton
@Startup
@DependsOn({"LogStore", "Cluster"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Neelix {
    private static final Logger LOG = Logger.getLogger("ps.neelix");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    LogStore store;

    @Inject
    Db db;

    @Inject
    PsSettings settings;

    @Inject
    NeelixSettings neelixSettings;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Cluster cluster;

    private NeelixRepository repository;
    private ConfigFiles files;
    private volatile Evaluation evaluation;
    private Outbox outbox;
    private NeelixLoop loop;
    private Lease lease;
    private Reactions reactions;
    private final AtomicLong dropped = new AtomicLong();

    @PostConstruct
    void start() {
        Stage stage = settings.stage();
        Path configDir = settings.configDir();
        lease = cluster.lease();
        repository = new NeelixRepository(db);
        files = new ConfigFiles(configDir, stage);
        Mailer mailer = neelixSettings.mailer(stage, captureDir());
        reactions = new Reactions(store, stage.name());
        outbox = new Outbox(threads, mailer, new MailTemplates(configDir.resolve("templates"), neelixSettings.mailLanguage()),
                neelixSettings.mailRetry(), repository, reactions, stage.name(), neelixSettings.mailFrom(),
                neelixSettings.smtpHost() + ":" + neelixSettings.smtpPort());
        outbox.warmUp();
        evaluation = load(files, lease.epoch(), List.of());
        loop = new NeelixLoop(threads, 10_000, () -> evaluation.timedStep(), () -> evaluation.nextWake());
        lease.onChange(held -> loop.offer(this::followLease));
        loop.offer(this::followLease); // in case the lease changed hands before the listener was there
        store.onCommit(this::committed);
        LOG.info(() -> "neelix ready: config " + files.files() + ", " + evaluation.ruleCount() + " rules, "
                + evaluation.serviceCount() + " monitored services, mail " + (mailer.capturing() ? "captured under "
                + captureDir() : "via " + neelixSettings.smtpHost() + ":" + neelixSettings.smtpPort())
                + (lease.held() ? "" : "; standby until node " + lease.node() + " holds the cluster's lease"));
    }

    /**
     * The evaluation over the state saved in neelix's tables, under the lease's epoch {@code token} (0: a
     * standby view that neither mails nor saves).
     */
    private Evaluation load(ConfigFiles configFiles, long token, List<ServiceDeclaration> extraServices) {
        AlertModels models = new AlertModels(settings.stage().name(), ZoneId.systemDefault());
        RuleEngine rules = new RuleEngine(models, repository.throttles(), repository.ruleStats())
                .limits(neelixSettings.ruleMailCap(), neelixSettings.ruleMailWindow());
        Heartbeats heartbeats = new Heartbeats(models, repository.monitors(), Heartbeats::randomToken)
                .pingServiceCap(neelixSettings.pingServiceCap());
        Evaluation loaded = new Evaluation(rules, heartbeats, configFiles, new MonitorStore(repository, heartbeats, rules, lease, token),
                outbox, reactions, neelixSettings.throttle(), neelixSettings.reminder());
        loaded.reloadConfig();
        if (!extraServices.isEmpty()) {
            loaded.declareServices(extraServices);
        }
        loaded.save(true);
        return loaded;
    }

    /**
     * On the loop, when the lease changed hands: on gaining it the evaluation starts over from the state its
     * previous holder saved; on losing it, it becomes a standby view.
     */
    private void followLease() {
        long token = lease.epoch();
        Evaluation current = evaluation;
        if (token == current.token()) {
            return;
        }
        LOG.info(() -> "neelix: " + (token != 0 ? "node " + lease.node() + " holds the cluster's lease (epoch " + token
                + "): evaluating from the saved state" : "the cluster's lease is lost: standby"));
        evaluation = load(new ConfigFiles(settings.configDir(), settings.stage()), token, current.extraServices());
    }

    private Path captureDir() {
        return settings.dataDir().resolve("mail-capture");
    }

    @PreDestroy
    void stop() {
        try {
            loop.call(() -> {
                evaluation.save(true);
                return null;
            }, CALL_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "neelix: state not saved at shut-down", e);
        }
        loop.close();
        outbox.close();
    }

    /** The clock: re-reads the config when it changed, moves monitors on, sends due digests, saves state. */
    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false, info = "neelix heartbeat clock")
    void tick() {
        loop.offer(() -> {
            followLease(); // also when the lease's listener found the queue full
            evaluation.clock();
        });
    }

    /** Called on the store's writer thread: only hands the records on. */
    private void committed(List<LogEntry> batch) {
        if (!loop.offer(() -> evaluation.onRecords(batch))) {
            long lost = dropped.incrementAndGet();
            if (lost == 1 || lost % 1000 == 0) {
                LOG.warning("neelix: its queue is full; " + lost + " committed batches were not evaluated");
            }
        }
    }

    // ---- for the ping endpoint, the REST API and the console ----

    /**
     * A ping. Authorised by the service's token or the admin role (PS itself pings as admin); only an admin
     * may make a new service appear; a refused ping changes nothing.
     */
    public PingReply ping(String service, PingKind kind, Integer exitCode, String body, String token,
                          PingCaller caller) {
        return call(() -> evaluation.ping(service, kind, exitCode, body, token, caller));
    }

    /**
     * Declares monitored services besides the config files' (the scheduled batch jobs): they replace the
     * previous such list; a service the files declare keeps the files' declaration.
     */
    public void declareServices(List<ServiceDeclaration> services) {
        call(() -> {
            evaluation.declareServices(services);
            return null;
        });
    }

    public List<MonitorStatus> monitors() {
        return call(() -> evaluation.monitors());
    }

    /** @return the monitor after pausing, or null when there is none of that id */
    public MonitorStatus pause(String id) {
        return call(() -> evaluation.pause(id));
    }

    /** @return the monitor after resuming, or null when there is none of that id */
    public MonitorStatus resume(String id) {
        return call(() -> evaluation.resume(id));
    }

    public List<RuleStatus> rules() {
        Map<String, Long> mails = repository.mailCounts();
        return call(() -> evaluation.rules(mails));
    }

    /** The newest mails (sent, captured or failed), newest first. */
    public List<MailRecord> mails(int limit) {
        return repository.newestMails(limit);
    }

    /** What the last look at the config files reported (files read, mistakes with file:line). */
    public List<String> configMessages() {
        return evaluation.configMessages();
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
