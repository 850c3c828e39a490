package ps.neelix.control;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.neelix.entity.Alert;
import ps.neelix.entity.Durations;
import ps.neelix.entity.Monitor;
import ps.neelix.entity.MonitorEvent;
import ps.neelix.entity.Rule;

/**
 * Builds alerts: the template model (every field a template may use; see docs/neelix.md) and the text of
 * the WARNING record that documents the reaction.
 */
public final class AlertModels {
    private static final int WARNING_MESSAGE_CHARS = 200;
    private final String stage;
    private final ZoneId zone;

    public AlertModels(String stage, ZoneId zone) {
        this.stage = stage;
        this.zone = zone;
    }

    /** A rule fired on {@code count} records (the first given); {@code suppressed} earlier matches were throttled. */
    public Alert match(Rule rule, String system, LogEntry entry, int count, int suppressed, Long suppressedSince,
                       Duration throttle, long now) {
        Map<String, Object> model = ruleModel(rule, system, throttle);
        for (LogField field : LogField.values()) {
            String value = entry.get(field);
            if (value != null) {
                model.put(field.column(), value);
            }
        }
        model.put("system", system);
        model.put("sub_system", entry.get(LogField.SUB_SYSTEM_ID));
        model.put("sub_sub_system", entry.get(LogField.SUB_SUB_SYSTEM_ID));
        model.put("logger", entry.get(LogField.NAME));
        model.put("level", levelName(entry));
        model.put("lineno", entry.lineno());
        model.put("created", time(entry.created()));
        model.put("received", time(entry.received()));
        model.put("count", count);
        model.put("several", count > 1);
        model.put("digest", false);
        model.put("suppressed", suppressed);
        model.put("has_suppressed", suppressed > 0);
        model.put("suppressed_since", suppressedSince == null ? null : time(suppressedSince));
        String warning = "PATTERN FOUND: rule " + rule.id() + " matched " + count + " record(s) of system " + system
                + (suppressed > 0 ? " (+" + suppressed + " suppressed before)" : "") + ": "
                + abbreviate(entry.get(LogField.MESSAGE)) + " -> " + recipients(rule);
        return new Alert(Alert.Kind.MATCH, rule.id(), null, system, rule.mailTo(), rule.webhook(), model, warning,
                entry.received() > 0 ? entry.received() : now);
    }

    /** The throttle interval ended with suppressed matches: one mail reports them, with the latest. */
    public Alert digest(Rule rule, String system, int suppressed, Long suppressedSince, String lastMessage,
                        String lastLevel, Long lastCreated, Duration throttle, long now) {
        Map<String, Object> model = ruleModel(rule, system, throttle);
        model.put("system", system);
        model.put("message", lastMessage);
        model.put("level", lastLevel);
        model.put("created", lastCreated == null ? null : time(lastCreated));
        model.put("count", suppressed);
        model.put("several", suppressed > 1);
        model.put("digest", true);
        model.put("suppressed", suppressed);
        model.put("has_suppressed", false);
        model.put("suppressed_since", suppressedSince == null ? null : time(suppressedSince));
        String warning = "PATTERN FOUND: rule " + rule.id() + " matched " + suppressed + " more record(s) of system "
                + system + " while throttled; latest: " + abbreviate(lastMessage) + " -> " + recipients(rule);
        return new Alert(Alert.Kind.DIGEST, rule.id(), null, system, rule.mailTo(), rule.webhook(), model, warning, now);
    }

    private Map<String, Object> ruleModel(Rule rule, String system, Duration throttle) {
        Map<String, Object> model = new HashMap<>();
        model.put("stage", stage);
        model.put("rule", rule.id());
        model.put("rule_source", rule.source());
        model.put("rule_description", rule.describe());
        model.put("throttle", Durations.format(throttle));
        model.put("window", rule.counts() ? Durations.format(rule.window()) : null);
        model.put("threshold", rule.counts() ? rule.count() : null);
        model.put("system", system);
        return model;
    }

    /** A heartbeat alert (DOWN, FAILED, REMINDER, RECOVERED) for the monitor as it is after the event. */
    public Alert monitor(MonitorEvent event, Monitor monitor, List<String> mailTo, long now) {
        Map<String, Object> model = new HashMap<>();
        model.put("stage", stage);
        model.put("service", monitor.id());
        model.put("state", monitor.state().name());
        model.put("period", Durations.format(monitor.period()));
        model.put("grace", Durations.format(monitor.grace()));
        model.put("reminder_interval", Durations.format(monitor.reminder()));
        model.put("last_signal", monitor.lastSignal() == null ? null : time(monitor.lastSignal()));
        model.put("last_ping", monitor.lastPing() == null ? null : time(monitor.lastPing()));
        model.put("last_ping_kind", monitor.lastPingKind());
        model.put("body", monitor.lastPingBody());
        model.put("exit_code", monitor.lastExitCode());
        model.put("last_run", monitor.lastRunMillis() == null ? null : Durations.format(Duration.ofMillis(monitor.lastRunMillis())));
        model.put("failed", event == MonitorEvent.FAILED || monitor.failed() && event == MonitorEvent.REMINDER);
        model.put("reminder", event == MonitorEvent.REMINDER);
        model.put("now", time(now));
        Alert.Kind kind;
        String warning;
        if (event == MonitorEvent.RECOVERED) {
            kind = Alert.Kind.RECOVERED;
            Duration outage = Duration.ofMillis(monitor.lastOutageMillis() == null ? 0 : monitor.lastOutageMillis());
            model.put("outage", Durations.format(outage.truncatedTo(ChronoUnit.SECONDS)));
            model.put("down_since", time(now - outage.toMillis()));
            warning = "SYSTEM HEARTBEAT RECOVERED: service " + monitor.id() + " is UP again after "
                    + Durations.format(outage.truncatedTo(ChronoUnit.SECONDS)) + " -> " + String.join(", ", mailTo);
        } else {
            kind = event == MonitorEvent.FAILED ? Alert.Kind.FAILED
                    : event == MonitorEvent.REMINDER ? Alert.Kind.REMINDER : Alert.Kind.DOWN;
            long downSince = monitor.downSince() == null ? now : monitor.downSince();
            model.put("down_since", time(downSince));
            model.put("down_for", Durations.format(Duration.ofMillis(Math.max(0, now - downSince)).truncatedTo(ChronoUnit.SECONDS)));
            String what = event == MonitorEvent.FAILED ? "reported a failure"
                    + (monitor.lastExitCode() == null ? "" : " (exit code " + monitor.lastExitCode() + ")")
                    : event == MonitorEvent.REMINDER ? "is still DOWN" : "is DOWN, silent since "
                    + (monitor.lastSignal() == null ? "never" : time(monitor.lastSignal()));
            warning = "SYSTEM HEARTBEAT FAILURE: service " + monitor.id() + " " + what + " -> " + String.join(", ", mailTo);
        }
        return new Alert(kind, null, monitor.id(), monitor.id(), mailTo, null, model, warning,
                kind == Alert.Kind.DOWN && monitor.downSince() != null ? monitor.downSince() : now);
    }

    /** ISO-8601 with the zone's offset, to the millisecond. */
    public String time(long epochMillis) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone)
                .truncatedTo(ChronoUnit.MILLIS));
    }

    private static String levelName(LogEntry entry) {
        String name = entry.get(LogField.LEVELNAME);
        return name != null ? name : Level.ofNumber(entry.levelno()).name();
    }

    private static String recipients(Rule rule) {
        String mail = rule.mailTo().isEmpty() ? "" : "mail to " + String.join(", ", rule.mailTo());
        String hook = rule.webhook() == null ? "" : (mail.isEmpty() ? "" : ", ") + "webhook " + rule.webhook().getHost();
        return mail + hook;
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= WARNING_MESSAGE_CHARS ? line : line.substring(0, WARNING_MESSAGE_CHARS) + "…";
    }
}
