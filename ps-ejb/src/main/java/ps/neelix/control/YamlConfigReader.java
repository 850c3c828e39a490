package ps.neelix.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import ps.client.Level;
import ps.client.LogField;
import ps.neelix.entity.Durations;
import ps.neelix.entity.NeelixConfig;
import ps.neelix.entity.Rule;
import ps.neelix.entity.ServiceDeclaration;

/**
 * Reads the stage's YAML rule file (format: docs/neelix.md). The file is composed into nodes, which keep
 * their line numbers, so every mistake is reported as {@code file:line: reason}. Unknown keys are
 * mistakes too: a misspelt condition must not silently match everything.
 */
public final class YamlConfigReader {
    private static final Set<String> TOP = Set.of("defaults", "rules", "services");
    private static final Set<String> DEFAULTS = Set.of("mail_to", "throttle", "reminder", "period", "grace");
    private static final Map<String, LogField> IDS = Map.of(
            "system", LogField.SYSTEM_ID, "sub_system", LogField.SUB_SYSTEM_ID,
            "sub_sub_system", LogField.SUB_SUB_SYSTEM_ID, "produkt", LogField.PRODUKT_ID,
            "user_spec_1", LogField.USER_SPEC_1, "user_spec_2", LogField.USER_SPEC_2);
    private static final Set<String> RULE = Set.of("id", "system", "sub_system", "sub_sub_system", "produkt",
            "user_spec_1", "user_spec_2", "level", "logger", "module", "message", "count", "window", "mail_to",
            "webhook", "throttle");
    private static final Set<String> SERVICE = Set.of("id", "period", "grace", "reminder", "mail_to", "token",
            "records_prove_life");

    private final String file;

    /** @param file the name used in messages */
    public YamlConfigReader(String file) {
        this.file = file;
    }

    public NeelixConfig read(String text) throws ConfigException {
        Node root;
        try {
            Optional<Node> document = new Compose(LoadSettings.builder().setLabel(file)
                    .setMaxAliasesForCollections(10).build()).composeString(text);
            if (document.isEmpty()) {
                return NeelixConfig.empty();
            }
            root = document.get();
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1).orElse(0);
            throw new ConfigException(file, line, "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException(file, 0, "not valid YAML: " + e.getMessage());
        }
        NeelixConfig config = new NeelixConfig();
        Map<String, Node> top = mapping(root, TOP, "the file");
        if (top.containsKey("defaults")) {
            readDefaults(top.get("defaults"), config);
        }
        if (top.containsKey("rules")) {
            Set<String> ids = new HashSet<>();
            for (Node item : sequence(top.get("rules"), "rules")) {
                Rule rule = readRule(item);
                if (!ids.add(rule.id())) {
                    throw error(item, "a second rule with id '" + rule.id() + "'");
                }
                config.add(rule);
            }
        }
        if (top.containsKey("services")) {
            for (Node item : sequence(top.get("services"), "services")) {
                ServiceDeclaration service = readService(item);
                if (config.services().containsKey(service.id())) {
                    throw error(item, "a second service with id '" + service.id() + "'");
                }
                config.add(service);
            }
        }
        return config;
    }

    private void readDefaults(Node node, NeelixConfig config) throws ConfigException {
        Map<String, Node> map = mapping(node, DEFAULTS, "defaults");
        if (map.containsKey("mail_to")) {
            config.mailTo(addresses(map.get("mail_to")));
        }
        if (map.containsKey("throttle")) {
            config.throttle(duration(map.get("throttle")));
        }
        if (map.containsKey("reminder")) {
            config.reminder(duration(map.get("reminder")));
        }
        if (map.containsKey("period")) {
            config.period(positive(map.get("period")));
        }
        if (map.containsKey("grace")) {
            config.grace(duration(map.get("grace")));
        }
    }

    private Rule readRule(Node node) throws ConfigException {
        Map<String, Node> map = mapping(node, RULE, "a rule");
        if (!map.containsKey("id")) {
            throw error(node, "a rule needs an id");
        }
        Rule rule = new Rule(identifier(map.get("id")), file + ":" + line(node));
        for (Map.Entry<String, LogField> id : IDS.entrySet()) {
            if (map.containsKey(id.getKey())) {
                rule.id(id.getValue(), strings(map.get(id.getKey())));
            }
        }
        if (map.containsKey("level")) {
            try {
                rule.minLevel(Level.parse(scalar(map.get("level"))));
            } catch (IllegalArgumentException e) {
                throw error(map.get("level"), e.getMessage());
            }
        }
        if (map.containsKey("logger")) {
            rule.logger(scalar(map.get("logger")));
        }
        if (map.containsKey("module")) {
            rule.module(strings(map.get("module")));
        }
        if (map.containsKey("message")) {
            try {
                rule.message(Pattern.compile(scalar(map.get("message"))));
            } catch (PatternSyntaxException e) {
                throw error(map.get("message"), "not a regular expression: " + e.getDescription()
                        + " near index " + e.getIndex());
            }
        }
        if (map.containsKey("count") != map.containsKey("window")) {
            throw error(node, "count and window go together (\"more than count records in window\")");
        }
        if (map.containsKey("count")) {
            int count;
            try {
                count = Integer.parseInt(scalar(map.get("count")));
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1) {
                throw error(map.get("count"), "count must be a whole number ≥ 1");
            }
            rule.moreThan(count, positive(map.get("window")));
        }
        if (!map.containsKey("mail_to") && !map.containsKey("webhook")) {
            throw error(node, "rule '" + rule.id() + "' has no action: give mail_to and/or webhook");
        }
        if (map.containsKey("mail_to")) {
            rule.mailTo(addresses(map.get("mail_to")));
        }
        if (map.containsKey("webhook")) {
            rule.webhook(webhook(map.get("webhook")));
        }
        if (map.containsKey("throttle")) {
            rule.throttle(duration(map.get("throttle")));
        }
        return rule;
    }

    private ServiceDeclaration readService(Node node) throws ConfigException {
        Map<String, Node> map = mapping(node, SERVICE, "a service");
        if (!map.containsKey("id")) {
            throw error(node, "a service needs an id");
        }
        ServiceDeclaration service = new ServiceDeclaration(identifier(map.get("id")), file + ":" + line(node));
        if (map.containsKey("period")) {
            service.period(positive(map.get("period")));
        }
        if (map.containsKey("grace")) {
            service.grace(duration(map.get("grace")));
        }
        if (map.containsKey("reminder")) {
            service.reminder(duration(map.get("reminder")));
        }
        if (map.containsKey("mail_to")) {
            service.mailTo(addresses(map.get("mail_to")));
        }
        if (map.containsKey("token")) {
            String token = scalar(map.get("token"));
            if (token.length() < 16) {
                throw error(map.get("token"), "a token needs at least 16 characters");
            }
            service.token(token);
        }
        if (map.containsKey("records_prove_life")) {
            String value = scalar(map.get("records_prove_life"));
            if (!value.equals("true") && !value.equals("false")) {
                throw error(map.get("records_prove_life"), "records_prove_life must be true or false");
            }
            service.recordsProveLife(Boolean.parseBoolean(value));
        }
        return service;
    }

    private Map<String, Node> mapping(Node node, Set<String> allowed, String what) throws ConfigException {
        if (!(node instanceof MappingNode)) {
            throw error(node, what + " must be a mapping of keys to values");
        }
        Map<String, Node> map = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = scalar(tuple.getKeyNode());
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + "; known: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
            if (map.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), "key '" + key + "' appears twice in " + what);
            }
        }
        return map;
    }

    private List<Node> sequence(Node node, String what) throws ConfigException {
        if (!(node instanceof SequenceNode)) {
            throw error(node, what + " must be a list (items start with '- ')");
        }
        return ((SequenceNode) node).getValue();
    }

    private String scalar(Node node) throws ConfigException {
        if (!(node instanceof ScalarNode)) {
            throw error(node, "expected a single value here");
        }
        String value = ((ScalarNode) node).getValue();
        if (value.isBlank()) {
            throw error(node, "the value is empty");
        }
        return value.trim();
    }

    private String identifier(Node node) throws ConfigException {
        String id = scalar(node);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
            throw error(node, "id '" + id + "' may hold letters, digits and . _ : - (up to 100)");
        }
        return id;
    }

    /** One value or a list of values. */
    private List<String> strings(Node node) throws ConfigException {
        List<String> values = new ArrayList<>();
        if (node instanceof SequenceNode) {
            for (Node item : ((SequenceNode) node).getValue()) {
                values.add(scalar(item));
            }
            if (values.isEmpty()) {
                throw error(node, "the list is empty");
            }
        } else {
            values.add(scalar(node));
        }
        return values;
    }

    /** A list of mail addresses, as a YAML list or a comma-separated text (as the INI file has it). */
    private List<String> addresses(Node node) throws ConfigException {
        List<String> addresses = new ArrayList<>();
        for (String value : strings(node)) {
            for (String address : value.split(",")) {
                String trimmed = address.trim();
                if (!trimmed.isEmpty()) {
                    if (!MailAddresses.plausible(trimmed)) {
                        throw error(node, "'" + trimmed + "' is not a mail address");
                    }
                    addresses.add(trimmed);
                }
            }
        }
        return addresses;
    }

    private Duration duration(Node node) throws ConfigException {
        try {
            return Durations.parse(scalar(node));
        } catch (IllegalArgumentException e) {
            throw error(node, e.getMessage());
        }
    }

    private Duration positive(Node node) throws ConfigException {
        Duration duration = duration(node);
        if (duration.isZero() || duration.isNegative()) {
            throw error(node, "must be longer than 0");
        }
        return duration;
    }

    private URI webhook(Node node) throws ConfigException {
        String text = scalar(node);
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw error(node, "webhook '" + text + "' must be an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw error(node, "webhook '" + text + "' is not a URL: " + e.getReason());
        }
    }

    private static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
    }

    private ConfigException error(Node node, String reason) {
        return new ConfigException(file, line(node), reason);
    }
}
