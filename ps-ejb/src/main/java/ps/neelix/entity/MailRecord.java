package ps.neelix.entity;

/** One line of the mail log: what left (or was captured, or failed) when, for which rule or service. */
public final class MailRecord {
    private final long at;
    private final String kind;
    private final String ruleId;
    private final String monitorId;
    private final String system;
    private final String recipients;
    private final String subject;
    private final String text;
    private final String html;
    private final String status;
    private final String error;
    private final Long latencyMillis;

    public MailRecord(long at, String kind, String ruleId, String monitorId, String system, String recipients,
                      String subject, String text, String html, String status, String error, Long latencyMillis) {
        this.at = at;
        this.kind = kind;
        this.ruleId = ruleId;
        this.monitorId = monitorId;
        this.system = system;
        this.recipients = recipients;
        this.subject = subject;
        this.text = text;
        this.html = html;
        this.status = status;
        this.error = error;
        this.latencyMillis = latencyMillis;
    }

    public long at() {
        return at;
    }

    public String kind() {
        return kind;
    }

    public String ruleId() {
        return ruleId;
    }

    public String monitorId() {
        return monitorId;
    }

    public String system() {
        return system;
    }

    public String recipients() {
        return recipients;
    }

    public String subject() {
        return subject;
    }

    public String text() {
        return text;
    }

    public String html() {
        return html;
    }

    public String status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Long latencyMillis() {
        return latencyMillis;
    }
}
