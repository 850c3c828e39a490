package ps.neelix.entity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stage's config files say: defaults, rules on records and declared services. Merged from the
 * YAML file and the original's INI file.
 */
public final class NeelixConfig {
    /** Recipients of heartbeat mails for services that name none (the stage's admin list). */
    private List<String> mailTo = List.of();
    private Duration throttle;
    private Duration reminder;
    private Duration period;
    private Duration grace;
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, ServiceDeclaration> services = new LinkedHashMap<>();

    public static NeelixConfig empty() {
        return new NeelixConfig();
    }

    public NeelixConfig mailTo(List<String> value) {
        this.mailTo = List.copyOf(value);
        return this;
    }

    public NeelixConfig throttle(Duration value) {
        this.throttle = value;
        return this;
    }

    public NeelixConfig reminder(Duration value) {
        this.reminder = value;
        return this;
    }

    public NeelixConfig period(Duration value) {
        this.period = value;
        return this;
    }

    public NeelixConfig grace(Duration value) {
        this.grace = value;
        return this;
    }

    public NeelixConfig add(Rule rule) {
        rules.add(rule);
        return this;
    }

    /**
     * This config with further services (e.g. scheduled batch jobs) that the files do not declare
     * themselves; a service the files declare keeps the files' declaration.
     */
    public NeelixConfig withServices(java.util.Collection<ServiceDeclaration> more) {
        NeelixConfig copy = new NeelixConfig();
        copy.mailTo = mailTo;
        copy.throttle = throttle;
        copy.reminder = reminder;
        copy.period = period;
        copy.grace = grace;
        copy.rules.addAll(rules);
        more.forEach(service -> copy.services.put(service.id(), service));
        copy.services.putAll(services);
        return copy;
    }

    public NeelixConfig add(ServiceDeclaration service) {
        services.put(service.id(), service);
        return this;
    }

    public List<String> mailTo() {
        return mailTo;
    }

    /** Null when the file sets none: the setting applies. */
    public Duration throttle() {
        return throttle;
    }

    public Duration reminder() {
        return reminder;
    }

    public Duration period() {
        return period;
    }

    public Duration grace() {
        return grace;
    }

    public List<Rule> rules() {
        return rules;
    }

    public Map<String, ServiceDeclaration> services() {
        return services;
    }

    /**
     * This config with another's rules and services added: rules of both (ids must differ), services of
     * this one winning over the other's, defaults of this one where set.
     */
    public NeelixConfig with(NeelixConfig other) {
        NeelixConfig merged = new NeelixConfig();
        merged.mailTo = mailTo.isEmpty() ? other.mailTo : mailTo;
        merged.throttle = throttle != null ? throttle : other.throttle;
        merged.reminder = reminder != null ? reminder : other.reminder;
        merged.period = period != null ? period : other.period;
        merged.grace = grace != null ? grace : other.grace;
        merged.rules.addAll(rules);
        merged.rules.addAll(other.rules);
        merged.services.putAll(other.services);
        merged.services.putAll(services);
        return merged;
    }
}
