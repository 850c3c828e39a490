package ps.basic.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A service's INI file as the original wrote it (Python's configparser): {@code [SECTION]} headers,
 * {@code key = value} or {@code key: value} lines, {@code #} and {@code ;} comments, indented lines
 * continuing the previous value. Section names are kept as written, keys are case-insensitive. A line
 * that is none of these, a key before the first section or a key given twice is an error naming file
 * and line, as is a value a typed getter cannot read.
 */
public final class Config {
    /** The section of the toolkit's own keys. */
    public static final String GLOBAL = "GLOBAL";

    private record Entry(String value, int line) {
    }

    private final Path file;
    private final Map<String, Map<String, Entry>> sections;

    private Config(Path file, Map<String, Map<String, Entry>> sections) {
        this.file = file;
        this.sections = sections;
    }

    /** A config without a file: every getter answers its default. */
    public static Config empty() {
        return new Config(null, Map.of());
    }

    /**
     * Reads the file; a missing one is an error when {@code mandatory}, else an empty config.
     *
     * @throws ConfigException naming the file (and line)
     */
    public static Config load(Path file, boolean mandatory) {
        if (!Files.isRegularFile(file)) {
            if (mandatory) {
                throw new ConfigException("config file " + file.toAbsolutePath() + " is missing (mandatory for this program)");
            }
            return new Config(file, Map.of());
        }
        try {
            return parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("config file " + file.toAbsolutePath() + " cannot be read: " + e, e);
        }
    }

    /** Parses lines read from {@code file} (named in errors). */
    public static Config parse(Path file, List<String> lines) {
        Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
        Map<String, Entry> section = null;
        String lastKey = null;
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String raw = lines.get(i);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0)) && lastKey != null) {
                Entry previous = section.get(lastKey);
                section.put(lastKey, new Entry(previous.value + "\n" + line, previous.line));
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw malformed(file, number, "a section header must be [NAME]", raw);
                }
                String name = line.substring(1, line.length() - 1).strip();
                if (sections.containsKey(name)) {
                    throw malformed(file, number, "section [" + name + "] is given twice", raw);
                }
                section = new LinkedHashMap<>();
                sections.put(name, section);
                lastKey = null;
                continue;
            }
            int separator = separator(line);
            if (separator <= 0) {
                throw malformed(file, number, "expected [SECTION], key = value, key: value or a comment", raw);
            }
            if (section == null) {
                throw malformed(file, number, "a key before the first [SECTION] header", raw);
            }
            String key = line.substring(0, separator).strip().toLowerCase(Locale.ROOT);
            if (section.containsKey(key)) {
                throw malformed(file, number, "key '" + key + "' is given twice in its section", raw);
            }
            section.put(key, new Entry(line.substring(separator + 1).strip(), number));
            lastKey = key;
        }
        return new Config(file, sections);
    }

    private static int separator(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(':');
        if (equals < 0) {
            return colon;
        }
        return colon < 0 ? equals : Math.min(equals, colon);
    }

    private static ConfigException malformed(Path file, int line, String why, String text) {
        return new ConfigException(file + ":" + line + ": " + why + " (line: '" + text.strip() + "')");
    }

    /** The file this config was read from (null for {@link #empty()}); it may not exist. */
    public Path file() {
        return file;
    }

    /** Whether a file was read (an optional missing file gives an empty config). */
    public boolean exists() {
        return file != null && Files.isRegularFile(file);
    }

    public Set<String> sections() {
        return Collections.unmodifiableSet(sections.keySet());
    }

    /** The section's keys and values, in file order; empty when there is no such section. */
    public Map<String, String> section(String name) {
        Map<String, String> values = new LinkedHashMap<>();
        sections.getOrDefault(name, Map.of()).forEach((key, entry) -> values.put(key, entry.value));
        return values;
    }

    public Optional<String> get(String section, String key) {
        return entry(section, key).map(Entry::value);
    }

    public String get(String section, String key, String defaultValue) {
        return get(section, key).orElse(defaultValue);
    }

    /** @throws ConfigException naming file and line when the value is not an integer */
    public int getInt(String section, String key, int defaultValue) {
        return (int) getAs(section, key, defaultValue, "an integer", Integer::parseInt);
    }

    public long getLong(String section, String key, long defaultValue) {
        return getAs(section, key, defaultValue, "an integer", Long::parseLong);
    }

    public double getDouble(String section, String key, double defaultValue) {
        return getAs(section, key, defaultValue, "a number", Double::parseDouble);
    }

    /** true/false, yes/no, on/off, 1/0 (configparser's getboolean). */
    public boolean getBoolean(String section, String key, boolean defaultValue) {
        return getAs(section, key, defaultValue, "a boolean (true/false, yes/no, on/off, 1/0)", text -> {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "on": case "1": return true;
                case "false": case "no": case "off": case "0": return false;
                default: throw new IllegalArgumentException(text);
            }
        });
    }

    /** A value among {@code allowed} (compared ignoring case), answered upper case. */
    public String getChoice(String section, String key, String defaultValue, String... allowed) {
        return getAs(section, key, defaultValue, "one of " + String.join(", ", allowed), text -> {
            for (String choice : allowed) {
                if (choice.equalsIgnoreCase(text)) {
                    return choice;
                }
            }
            throw new IllegalArgumentException(text);
        });
    }

    /** The comma-separated values, trimmed, empty ones left out. */
    public List<String> getList(String section, String key) {
        return get(section, key).map(value -> java.util.Arrays.stream(value.split("[,\n]"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    /** A value read by the parser; one it cannot read is an error naming file, line and {@code what} it should be. */
    public <T> T getAs(String section, String key, T defaultValue, String what,
                        java.util.function.Function<String, T> parser) {
        Optional<Entry> entry = entry(section, key);
        if (entry.isEmpty() || entry.get().value.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(entry.get().value);
        } catch (RuntimeException e) {
            throw new ConfigException(file + ":" + entry.get().line + ": [" + section + "] " + key + " = '"
                    + entry.get().value + "' is not " + what);
        }
    }

    private Optional<Entry> entry(String section, String key) {
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key.toLowerCase(Locale.ROOT)));
    }
}
