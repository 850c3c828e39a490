package ps.neelix.entity;

import java.util.List;

/** A snapshot of a rule in force for the REST API and the Rules page (a class with getters, for EL). */
public final class RuleStatus {
    private final String id;
    private final String source;
    private final String description;
    private final List<String> mailTo;
    private final String webhook;
    private final long throttleMillis;
    private final long matches;
    private final Long lastMatch;
    private final long mailsSent;
    private final int suppressed;

    public RuleStatus(Rule rule, long throttleMillis, RuleStats stats, long mailsSent, int suppressed) {
        this.id = rule.id();
        this.source = rule.source();
        this.description = rule.describe();
        this.mailTo = rule.mailTo();
        this.webhook = rule.webhook() == null ? null : rule.webhook().toString();
        this.throttleMillis = throttleMillis;
        this.matches = stats == null ? 0 : stats.matches();
        this.lastMatch = stats == null ? null : stats.lastMatch();
        this.mailsSent = mailsSent;
        this.suppressed = suppressed;
    }

    public String getId() {
        return id;
    }

    public String getSource() {
        return source;
    }

    public String getDescription() {
        return description;
    }

    public List<String> getMailTo() {
        return mailTo;
    }

    public String getWebhook() {
        return webhook;
    }

    public long getThrottleMillis() {
        return throttleMillis;
    }

    public long getMatches() {
        return matches;
    }

    public Long getLastMatch() {
        return lastMatch;
    }

    public long getMailsSent() {
        return mailsSent;
    }

    /** Matches held back by throttling that the next mail will report. */
    public int getSuppressed() {
        return suppressed;
    }
}
