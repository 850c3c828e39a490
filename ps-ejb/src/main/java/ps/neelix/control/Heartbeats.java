package ps.neelix.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.neelix.entity.Alert;
import ps.neelix.entity.Monitor;
import ps.neelix.entity.MonitorEvent;
import ps.neelix.entity.NeelixConfig;
import ps.neelix.entity.PingCaller;
import ps.neelix.entity.PingKind;
import ps.neelix.entity.ServiceDeclaration;

/**
 * The monitored services: declared in the stage's config or appearing on their first (authenticated)
 * ping; kept alive by their records and pings; moved through their states by the clock. Confined to one
 * thread; remembers which monitors changed so the caller can save them.
 */
public final class Heartbeats {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** What a ping did. */
    public static final class PingOutcome {
        private final boolean authorised;
        private final Monitor monitor;
        private final List<Alert> alerts;
        private final String kind;
        private final Long runMillis;
        private final int status;
        private final String reason;

        PingOutcome(boolean authorised, Monitor monitor, List<Alert> alerts, String kind, Long runMillis) {
            this(authorised, monitor, alerts, kind, runMillis, 200, null);
        }

        private PingOutcome(boolean authorised, Monitor monitor, List<Alert> alerts, String kind, Long runMillis, int status,
                            String reason) {
            this.authorised = authorised;
            this.monitor = monitor;
            this.alerts = alerts;
            this.kind = kind;
            this.runMillis = runMillis;
            this.status = status;
            this.reason = reason;
        }

        static PingOutcome refused(int status, String reason) {
            return new PingOutcome(false, null, List.of(), null, null, status, reason);
        }

        /** 200, or 401 / 403 when refused. */
        public int status() {
            return status;
        }

        /** Why it was refused; null when it was not. */
        public String reason() {
            return reason;
        }

        public boolean authorised() {
            return authorised;
        }

        public Monitor monitor() {
            return monitor;
        }

        public List<Alert> alerts() {
            return alerts;
        }

        /** start, success or fail, as stored. */
        public String kind() {
            return kind;
        }

        public Long runMillis() {
            return runMillis;
        }
    }

    public static final Duration DEFAULT_PERIOD = Duration.ofDays(1);
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    private final AlertModels models;
    private final Supplier<String> tokens;
    private final Map<String, Monitor> monitors = new TreeMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Set<String> signalled = new LinkedHashSet<>();
    private final Set<String> deleted = new LinkedHashSet<>();
    private NeelixConfig config = NeelixConfig.empty();
    private Duration defaultReminder = Duration.ofHours(1);
    private int pingServiceCap = 1000;

    public Heartbeats(AlertModels models, Collection<Monitor> saved, Supplier<String> tokens) {
        this.models = models;
        this.tokens = tokens;
        saved.forEach(monitor -> monitors.put(monitor.id(), monitor));
    }

    /** At most this many services made to appear by pings. */
    public Heartbeats pingServiceCap(int cap) {
        this.pingServiceCap = cap;
        return this;
    }

    /**
     * Puts the config's declarations in force: declared services are added or updated (a token is generated
     * for one that has none), services declared before but no longer are dropped, services that appeared on
     * a ping stay.
     */
    public void configure(NeelixConfig newConfig, Duration reminderSetting) {
        this.config = newConfig;
        this.defaultReminder = reminderSetting;
        for (ServiceDeclaration declaration : newConfig.services().values()) {
            Monitor monitor = monitors.get(declaration.id());
            if (monitor == null) {
                monitor = new Monitor(declaration.id(), Monitor.FROM_CONFIG, period(declaration), grace(declaration),
                        reminder(declaration));
                monitors.put(monitor.id(), monitor);
            }
            monitor.configure(Monitor.FROM_CONFIG, period(declaration), grace(declaration), reminder(declaration),
                    declaration.mailTo() != null ? declaration.mailTo() : newConfig.mailTo());
            monitor.recordsProveLife(declaration.recordsProveLife());
            if (declaration.token() != null) {
                monitor.token(declaration.token());
            } else if (monitor.token() == null) {
                monitor.token(tokens.get());
            }
            dirty.add(monitor.id());
        }
        for (Monitor monitor : new ArrayList<>(monitors.values())) {
            if (!newConfig.services().containsKey(monitor.id())) {
                if (Monitor.FROM_CONFIG.equals(monitor.origin())) {
                    monitors.remove(monitor.id());
                    dirty.remove(monitor.id());
                    deleted.add(monitor.id());
                } else {
                    monitor.configure(Monitor.FROM_PING, defaultPeriod(), defaultGrace(), defaultReminder(), newConfig.mailTo());
                    monitor.recordsProveLife(true);
                    dirty.add(monitor.id());
                }
            }
        }
    }

    /** Whether the record is a signal of a monitored service whose records prove it alive (it changes nothing). */
    public boolean provesLife(LogEntry entry) {
        String system = entry.get(LogField.SYSTEM_ID);
        Monitor monitor = system == null || RuleEngine.OWN_SYSTEM.equals(system) ? null : monitors.get(system);
        return monitor != null && monitor.recordsProveLife();
    }

    /** Records are signs of life of the services they come from (not of {@code neelix} itself). */
    public List<Alert> records(List<LogEntry> batch, long now) {
        Set<String> systems = new LinkedHashSet<>();
        for (LogEntry entry : batch) {
            if (provesLife(entry)) {
                systems.add(entry.get(LogField.SYSTEM_ID));
            }
        }
        List<Alert> alerts = new ArrayList<>();
        for (String system : systems) {
            Monitor monitor = monitors.get(system);
            MonitorEvent event = monitor.signal(now);
            if (event == MonitorEvent.NONE) {
                signalled.add(system);
            } else {
                dirty.add(system);
            }
            alert(event, monitor, now, alerts);
        }
        return alerts;
    }

    /**
     * A ping. Every ping changes state, so it needs the service's token or the admin role; a viewer is
     * refused (403), so is nobody at all (401). Only an admin makes an undeclared service appear, up to
     * {@code pingServiceCap} such services. A refused ping changes nothing.
     */
    public PingOutcome ping(String id, PingKind kind, Integer exitCode, String body, String token, PingCaller caller,
                            long now) {
        Monitor monitor = monitors.get(id);
        if (monitor == null) {
            if (caller != PingCaller.ADMIN) {
                return caller == PingCaller.VIEWER
                        ? PingOutcome.refused(403, "only an admin's ping makes an undeclared service appear ('" + id + "')")
                        : PingOutcome.refused(401, "no such service or not authorised ('" + id + "')");
            }
            long fromPings = monitors.values().stream().filter(m -> Monitor.FROM_PING.equals(m.origin())).count();
            if (fromPings >= pingServiceCap) {
                return PingOutcome.refused(403, "the cap of " + pingServiceCap + " services made by pings is reached"
                        + " (setting PS_NEELIX_PING_SERVICES); declare '" + id + "' in the config instead");
            }
            monitor = new Monitor(id, Monitor.FROM_PING, defaultPeriod(), defaultGrace(), defaultReminder())
                    .mailTo(config.mailTo()).token(tokens.get());
            monitors.put(id, monitor);
        } else if (caller != PingCaller.ADMIN && !tokenMatches(monitor.token(), token)) {
            return caller == PingCaller.VIEWER
                    ? PingOutcome.refused(403, "a viewer's ping of '" + id + "' needs the service's token")
                    : PingOutcome.refused(401, "a ping of '" + id + "' needs the service's token or an admin's login");
        }
        Long startedAt = monitor.lastStart();
        MonitorEvent event;
        String stored;
        if (kind == PingKind.START) {
            event = monitor.start(now, body);
            stored = "start";
        } else if (kind == PingKind.FAIL || kind == PingKind.EXIT_CODE && exitCode != null && exitCode != 0) {
            event = monitor.fail(now, body, exitCode);
            stored = "fail";
        } else {
            event = monitor.success(now, body, exitCode);
            stored = "success";
        }
        dirty.add(id);
        List<Alert> alerts = new ArrayList<>();
        alert(event, monitor, now, alerts);
        Long run = !"start".equals(stored) && startedAt != null && startedAt <= now ? now - startedAt : null;
        return new PingOutcome(true, monitor, alerts, stored, run);
    }

    static boolean tokenMatches(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** The clock's step for every monitor. */
    public List<Alert> tick(long now) {
        List<Alert> alerts = new ArrayList<>();
        for (Monitor monitor : monitors.values()) {
            MonitorEvent event = monitor.tick(now);
            if (event != MonitorEvent.NONE) {
                dirty.add(monitor.id());
                alert(event, monitor, now, alerts);
            }
        }
        return alerts;
    }

    private void alert(MonitorEvent event, Monitor monitor, long now, List<Alert> alerts) {
        if (event.isAlert()) {
            List<String> mailTo = monitor.mailTo().isEmpty() ? config.mailTo() : monitor.mailTo();
            alerts.add(models.monitor(event, monitor, mailTo, now));
        }
    }

    /** When the clock next has something to do for some monitor. */
    public long nextWake() {
        long next = Long.MAX_VALUE;
        for (Monitor monitor : monitors.values()) {
            next = Math.min(next, monitor.nextWake());
        }
        return next;
    }

    public boolean pause(String id) {
        Monitor monitor = monitors.get(id);
        if (monitor == null) {
            return false;
        }
        monitor.pause();
        dirty.add(id);
        return true;
    }

    public boolean resume(String id, long now) {
        Monitor monitor = monitors.get(id);
        if (monitor == null) {
            return false;
        }
        monitor.resume(now);
        dirty.add(id);
        return true;
    }

    public Monitor monitor(String id) {
        return monitors.get(id);
    }

    public Collection<Monitor> monitors() {
        return monitors.values();
    }

    /** Monitors whose state changed since the last call; with {@code withSignals} also those that only signalled. */
    public List<Monitor> takeDirty(boolean withSignals) {
        Set<String> ids = new LinkedHashSet<>(dirty);
        dirty.clear();
        if (withSignals) {
            ids.addAll(signalled);
            signalled.clear();
        }
        List<Monitor> changed = new ArrayList<>();
        for (String id : ids) {
            Monitor monitor = monitors.get(id);
            if (monitor != null) {
                changed.add(monitor);
            }
        }
        return changed;
    }

    public List<String> takeDeleted() {
        List<String> ids = new ArrayList<>(deleted);
        deleted.clear();
        return ids;
    }

    private Duration period(ServiceDeclaration declaration) {
        return declaration.period() != null ? declaration.period() : defaultPeriod();
    }

    private Duration grace(ServiceDeclaration declaration) {
        return declaration.grace() != null ? declaration.grace() : defaultGrace();
    }

    private Duration reminder(ServiceDeclaration declaration) {
        return declaration.reminder() != null ? declaration.reminder() : defaultReminder();
    }

    private Duration defaultPeriod() {
        return config.period() != null ? config.period() : DEFAULT_PERIOD;
    }

    private Duration defaultGrace() {
        return config.grace() != null ? config.grace() : DEFAULT_GRACE;
    }

    private Duration defaultReminder() {
        return config.reminder() != null ? config.reminder() : defaultReminder;
    }

    /** For tests and the REST API: how many monitors are known. */
    public int size() {
        return monitors.size();
    }

    /** A new service's token: 24 random bytes, URL-safe Base64. */
    public static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
