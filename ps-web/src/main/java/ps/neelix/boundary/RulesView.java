package ps.neelix.boundary;

import java.io.Serializable;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.neelix.control.ConsoleText;
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

    public String time(Object epochMillis) {
        return ConsoleText.time(epochMillis);
    }

    public String duration(Object millis) {
        return ConsoleText.duration(millis);
    }
}
