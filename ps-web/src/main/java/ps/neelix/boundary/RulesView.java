package ps.neelix.boundary;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.neelix.entity.Durations;
import ps.neelix.entity.RuleStatus;

/** The Rules page: the rules in force, their last match and mails sent, and what the config files said. */
@Named
@ViewScoped
public class RulesView implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    transient Neelix neelix;

    private List<RuleStatus> rules;
    private List<String> messages;
    private List<String> files;

    @PostConstruct
    void load() {
        rules = neelix.rules();
        messages = neelix.configMessages();
        files = neelix.configFiles().stream().map(Object::toString).toList();
    }

    public List<RuleStatus> getRules() {
        return rules;
    }

    public List<String> getMessages() {
        return messages;
    }

    public List<String> getFiles() {
        return files;
    }

    public void refresh() {
        load();
    }

    /** ISO-8601 with the server's zone; a dash for none (Object: EL would turn a null Long into 0). */
    public String time(Object epochMillis) {
        return !(epochMillis instanceof Number) ? "—" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.ofEpochMilli(((Number) epochMillis).longValue()).atZone(ZoneId.systemDefault())
                        .truncatedTo(ChronoUnit.SECONDS));
    }

    public String duration(long millis) {
        return Durations.format(Duration.ofMillis(millis));
    }
}
