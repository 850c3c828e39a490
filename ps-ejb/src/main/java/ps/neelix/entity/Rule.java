package ps.neelix.entity;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;

/**
 * A rule on records: which records match (ids, minimum level, logger, module, message), optionally how
 * many within a window make it fire, and whom to tell. Every condition left out matches everything.
 */
public final class Rule {
    private final String id;
    private final String source;
    private final Map<LogField, Pattern> ids = new EnumMap<>(LogField.class);
    private final Map<LogField, String> idTexts = new EnumMap<>(LogField.class);
    private Level minLevel;
    private String logger;
    private Pattern module;
    private Pattern message;
    private int count;
    private Duration window = Duration.ZERO;
    private List<String> mailTo = List.of();
    private URI webhook;
    private Duration throttle;

    /**
     * @param source where the rule was written, {@code file:line}, for messages and the Rules page
     */
    public Rule(String id, String source) {
        this.id = id;
        this.source = source;
    }

    /** Matches one of the ids (system, sub-system, ...) against shell-style patterns. */
    public Rule id(LogField field, List<String> globs) {
        ids.put(field, Glob.anyOf(globs));
        idTexts.put(field, String.join(", ", globs));
        return this;
    }

    public Rule minLevel(Level level) {
        this.minLevel = level;
        return this;
    }

    /** The logger (record name) or one of its descendants, e.g. {@code ps.orders} matches {@code ps.orders.db}. */
    public Rule logger(String loggerName) {
        this.logger = loggerName;
        return this;
    }

    public Rule module(List<String> globs) {
        this.module = Glob.anyOf(globs);
        return this;
    }

    /** A regular expression found anywhere in the message. */
    public Rule message(Pattern regex) {
        this.message = regex;
        return this;
    }

    /** Fires only when more than {@code count} records match within the window. */
    public Rule moreThan(int count, Duration window) {
        this.count = count;
        this.window = window;
        return this;
    }

    public Rule mailTo(List<String> recipients) {
        this.mailTo = List.copyOf(recipients);
        return this;
    }

    public Rule webhook(URI uri) {
        this.webhook = uri;
        return this;
    }

    /** Null: the default throttle applies. */
    public Rule throttle(Duration interval) {
        this.throttle = interval;
        return this;
    }

    public boolean matches(LogEntry entry) {
        if (minLevel != null && entry.levelno() < minLevel.number()) {
            return false;
        }
        for (Map.Entry<LogField, Pattern> id : ids.entrySet()) {
            if (!id.getValue().matcher(nullToEmpty(entry.get(id.getKey()))).matches()) {
                return false;
            }
        }
        if (logger != null) {
            String name = nullToEmpty(entry.get(LogField.NAME));
            if (!name.equals(logger) && !name.startsWith(logger + ".")) {
                return false;
            }
        }
        if (module != null && !module.matcher(nullToEmpty(entry.get(LogField.MODULE))).matches()) {
            return false;
        }
        return message == null || message.matcher(nullToEmpty(entry.get(LogField.MESSAGE))).find();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    public String id() {
        return id;
    }

    public String source() {
        return source;
    }

    public int count() {
        return count;
    }

    public Duration window() {
        return window;
    }

    public boolean counts() {
        return count > 0;
    }

    public List<String> mailTo() {
        return mailTo;
    }

    public URI webhook() {
        return webhook;
    }

    public Duration throttleOr(Duration fallback) {
        return throttle == null ? fallback : throttle;
    }

    /** What the rule matches, in words, for the Rules page and mails. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        idTexts.forEach((field, text) -> parts.add(field.column() + " " + text));
        if (minLevel != null) {
            parts.add("level ≥ " + minLevel.name());
        }
        if (logger != null) {
            parts.add("logger " + logger);
        }
        if (module != null) {
            parts.add("module " + module.pattern());
        }
        if (message != null) {
            parts.add("message ~ /" + message.pattern() + "/");
        }
        if (counts()) {
            parts.add("more than " + count + " in " + Durations.format(window));
        }
        return parts.isEmpty() ? "every record" : String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "Rule[" + id + " at " + source + ": " + describe() + "]";
    }
}
