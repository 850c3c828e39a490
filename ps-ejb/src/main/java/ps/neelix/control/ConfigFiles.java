package ps.neelix.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import ps.client.Stage;
import ps.neelix.entity.NeelixConfig;

/**
 * The stage's config files in the config directory: {@code neelix-<stage>.yaml} and the original's
 * {@code ps_neelix<suffix>.cfg}. Each is re-read when its content changes; a file with a mistake is
 * reported and the previous good version of that file stays in force.
 */
public final class ConfigFiles {
    /** The outcome of a look at the files. */
    public static final class Reload {
        private final boolean changed;
        private final NeelixConfig config;
        private final List<String> messages;

        Reload(boolean changed, NeelixConfig config, List<String> messages) {
            this.changed = changed;
            this.config = config;
            this.messages = messages;
        }

        /** True when the rules in force changed. */
        public boolean changed() {
            return changed;
        }

        public NeelixConfig config() {
            return config;
        }

        /** What to log: files read, and {@code file:line: reason} for each bad one. */
        public List<String> messages() {
            return messages;
        }

        public boolean hasProblems() {
            return messages.stream().anyMatch(Reload::isProblem);
        }

        /** True for a message about a file that could not be used (its previous rules stay in force). */
        public static boolean isProblem(String message) {
            return message.contains("keeping");
        }
    }

    private interface Reader {
        NeelixConfig read(String file, String text) throws ConfigException;
    }

    private static final class Source {
        final Path path;
        final Reader reader;
        String lastText;
        NeelixConfig good = NeelixConfig.empty();

        Source(Path path, Reader reader) {
            this.path = path;
            this.reader = reader;
        }
    }

    private final List<Source> sources = new ArrayList<>();
    private NeelixConfig current = NeelixConfig.empty();

    public ConfigFiles(Path directory, Stage stage) {
        String name = stage.name().toLowerCase(Locale.ROOT);
        Path yaml = directory.resolve("neelix-" + name + ".yaml");
        if (!Files.exists(yaml) && Files.exists(directory.resolve("neelix-" + name + ".yml"))) {
            yaml = directory.resolve("neelix-" + name + ".yml");
        }
        sources.add(new Source(yaml, (file, text) -> new YamlConfigReader(file).read(text)));
        sources.add(new Source(directory.resolve("ps_neelix" + stage.suffix() + ".cfg"),
                (file, text) -> new IniConfigReader(file).read(text)));
    }

    public List<Path> files() {
        return sources.stream().map(source -> source.path).toList();
    }

    /** Reads the files whose content changed since the last call. */
    public Reload reload() {
        boolean changed = false;
        List<String> messages = new ArrayList<>();
        for (Source source : sources) {
            String text;
            try {
                text = Files.readString(source.path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                text = null;
            } catch (IOException e) {
                messages.add(source.path + ":0: cannot be read (" + e.getMessage() + "); keeping the rules read before");
                continue;
            }
            if (Objects.equals(text, source.lastText)) {
                continue;
            }
            source.lastText = text;
            if (text == null) {
                source.good = NeelixConfig.empty();
                messages.add(source.path + " is absent: no rules from it");
                changed = true;
                continue;
            }
            try {
                source.good = source.reader.read(source.path.toString(), text);
                changed = true;
                messages.add(source.path + " read: " + source.good.rules().size() + " rules, "
                        + source.good.services().size() + " services");
            } catch (ConfigException e) {
                messages.add(e.getMessage() + "; keeping the rules read before from this file");
            }
        }
        if (changed) {
            NeelixConfig merged = NeelixConfig.empty();
            for (Source source : sources) {
                merged = merged.with(source.good);
            }
            current = merged;
        }
        return new Reload(changed, current, messages);
    }
}
