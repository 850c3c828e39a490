package ps.neelix.entity;

import java.time.Duration;
import java.util.List;

/** A monitored service as the stage's config declares it; null fields take the defaults. */
public final class ServiceDeclaration {
    private final String id;
    private final String source;
    private Duration period;
    private Duration grace;
    private Duration reminder;
    private List<String> mailTo;
    private String token;
    private boolean recordsProveLife = true;

    public ServiceDeclaration(String id, String source) {
        this.id = id;
        this.source = source;
    }

    public ServiceDeclaration period(Duration value) {
        this.period = value;
        return this;
    }

    public ServiceDeclaration grace(Duration value) {
        this.grace = value;
        return this;
    }

    public ServiceDeclaration reminder(Duration value) {
        this.reminder = value;
        return this;
    }

    public ServiceDeclaration mailTo(List<String> value) {
        this.mailTo = value == null ? null : List.copyOf(value);
        return this;
    }

    public ServiceDeclaration token(String value) {
        this.token = value;
        return this;
    }

    /** false: only pings with the service's token (or an admin's) are signs of life, records are not. */
    public ServiceDeclaration recordsProveLife(boolean value) {
        this.recordsProveLife = value;
        return this;
    }

    public boolean recordsProveLife() {
        return recordsProveLife;
    }

    public String id() {
        return id;
    }

    public String source() {
        return source;
    }

    public Duration period() {
        return period;
    }

    public Duration grace() {
        return grace;
    }

    public Duration reminder() {
        return reminder;
    }

    public List<String> mailTo() {
        return mailTo;
    }

    public String token() {
        return token;
    }
}
