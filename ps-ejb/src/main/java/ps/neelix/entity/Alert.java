package ps.neelix.entity;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A reaction to send: a mail from a template (plus an optional webhook) and the WARNING record that
 * documents it. The model holds the fields the templates see.
 */
public final class Alert {
    /** The kind names the templates: match and digest use {@code match}, down/failed/reminder {@code down}, recovered {@code up}. */
    public enum Kind {
        MATCH("match"), DIGEST("match"), DOWN("down"), FAILED("down"), REMINDER("down"), RECOVERED("up");

        private final String template;

        Kind(String template) {
            this.template = template;
        }

        public String template() {
            return template;
        }
    }

    private final Kind kind;
    private final String ruleId;
    private final String monitorId;
    private final String system;
    private final List<String> mailTo;
    private final URI webhook;
    private final Map<String, Object> model;
    private final String warning;
    private final long triggeredAt;

    /**
     * @param triggeredAt when the cause became known (the record stored, the deadline passed), for latency figures
     */
    public Alert(Kind kind, String ruleId, String monitorId, String system, List<String> mailTo, URI webhook,
                 Map<String, Object> model, String warning, long triggeredAt) {
        this.kind = kind;
        this.ruleId = ruleId;
        this.monitorId = monitorId;
        this.system = system;
        this.mailTo = List.copyOf(mailTo);
        this.webhook = webhook;
        this.model = model;
        this.warning = warning;
        this.triggeredAt = triggeredAt;
    }

    public Kind kind() {
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

    public List<String> mailTo() {
        return mailTo;
    }

    public URI webhook() {
        return webhook;
    }

    public Map<String, Object> model() {
        return model;
    }

    /** The text of the WARNING record from system {@code neelix}. */
    public String warning() {
        return warning;
    }

    public long triggeredAt() {
        return triggeredAt;
    }

    @Override
    public String toString() {
        return "Alert[" + kind + " " + (ruleId != null ? "rule " + ruleId : "service " + monitorId) + " " + system + "]";
    }
}
