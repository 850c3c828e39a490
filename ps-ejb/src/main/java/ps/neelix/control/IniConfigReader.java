package ps.neelix.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import ps.client.LogField;
import ps.neelix.entity.NeelixConfig;
import ps.neelix.entity.Rule;
import ps.neelix.entity.ServiceDeclaration;

/**
 * Reads the original ps_neelix INI file as it is (Python configparser syntax): one section per system id
 * with {@code MAIL_TO} (comma list), {@code MSG} (a substring that fires) and {@code AGE} (seconds of
 * allowed silence). Keys are case-insensitive, {@code key = value} and {@code key: value} both work,
 * {@code #} and {@code ;} start comments, indented lines continue a value, {@code [DEFAULT]} supplies
 * values to every section. Other keys are ignored, as the original ignored them.
 */
public final class IniConfigReader {
    private final String file;

    public IniConfigReader(String file) {
        this.file = file;
    }

    /** A parsed INI file: sections in order, each with its keys (lower case) and the line it started on. */
    public static final class Section {
        final String name;
        final int line;
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, Integer> lines = new LinkedHashMap<>();

        Section(String name, int line) {
            this.name = name;
            this.line = line;
        }

        public String name() {
            return name;
        }

        int lineOf(String key) {
            return lines.getOrDefault(key, line);
        }

        public String get(String key) {
            return values.get(key.toLowerCase(Locale.ROOT));
        }
    }

    public List<Section> parse(String text) throws ConfigException {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        String lastKey = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String raw = lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0)) && current != null && lastKey != null) {
                current.values.merge(lastKey, line, (old, more) -> old.isEmpty() ? more : old + "\n" + more);
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new ConfigException(file, number, "a section header is written [name]");
                }
                String name = line.substring(1, line.length() - 1).strip();
                for (Section section : sections) {
                    if (section.name.equals(name)) {
                        throw new ConfigException(file, number, "section [" + name + "] appears twice (first on line "
                                + section.line + ")");
                    }
                }
                current = new Section(name, number);
                sections.add(current);
                lastKey = null;
                continue;
            }
            int equals = line.indexOf('=');
            int colon = line.indexOf(':');
            int split = equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
            if (split <= 0) {
                throw new ConfigException(file, number, "expected 'KEY = value' or a [section]");
            }
            if (current == null) {
                throw new ConfigException(file, number, "'" + line.substring(0, split).strip()
                        + "' comes before any [section]");
            }
            lastKey = line.substring(0, split).strip().toLowerCase(Locale.ROOT);
            current.values.put(lastKey, line.substring(split + 1).strip());
            current.lines.put(lastKey, number);
        }
        return sections;
    }

    /** The rules and services the file declares: MSG gives a rule {@code ini:<system>}, AGE a monitored service. */
    public NeelixConfig read(String text) throws ConfigException {
        List<Section> sections = parse(text);
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Section section : sections) {
            if (section.name.equals("DEFAULT")) {
                defaults.putAll(section.values);
            }
        }
        NeelixConfig config = new NeelixConfig();
        for (Section section : sections) {
            if (section.name.equals("DEFAULT")) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>(defaults);
            values.putAll(section.values);
            String msg = blankToNull(values.get("msg"));
            String age = blankToNull(values.get("age"));
            if (msg == null && age == null) {
                continue;
            }
            List<String> mailTo = new ArrayList<>();
            for (String address : values.getOrDefault("mail_to", "").split("[,\\n]")) {
                if (!address.isBlank()) {
                    if (!MailAddresses.plausible(address.strip())) {
                        throw new ConfigException(file, section.lineOf("mail_to"), "[" + section.name + "] MAIL_TO: '"
                                + address.strip() + "' is not a mail address");
                    }
                    mailTo.add(address.strip());
                }
            }
            if (mailTo.isEmpty()) {
                throw new ConfigException(file, section.line, "[" + section.name + "] has MSG or AGE but no MAIL_TO");
            }
            String source = file + ":" + section.line;
            if (msg != null) {
                config.add(new Rule("ini:" + section.name, source)
                        .id(LogField.SYSTEM_ID, List.of(section.name))
                        .message(Pattern.compile(Pattern.quote(msg)))
                        .mailTo(mailTo));
            }
            if (age != null) {
                long seconds;
                try {
                    seconds = Long.parseLong(age);
                } catch (NumberFormatException e) {
                    seconds = -1;
                }
                if (seconds <= 0) {
                    throw new ConfigException(file, section.lineOf("age"), "[" + section.name + "] AGE '" + age
                            + "' must be a whole number of seconds > 0");
                }
                config.add(new ServiceDeclaration(section.name, source).period(Duration.ofSeconds(seconds)).mailTo(mailTo));
            }
        }
        return config;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
