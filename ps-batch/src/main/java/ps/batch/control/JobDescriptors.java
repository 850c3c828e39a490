package ps.batch.control;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import ps.batch.entity.Cron;
import ps.batch.entity.JobDefinition;
import ps.client.Stage;
import ps.neelix.entity.Durations;

/**
 * Reads the job descriptors {@code <config>/jobs/<name>.yaml} (format: docs/batch.md). A descriptor with a
 * mistake is reported and left out; the others load. Remembers the files' modification times so that
 * {@link #changed()} is cheap enough to ask every few seconds.
 */
public final class JobDescriptors {
    static final Set<String> KEYS = Set.of("job", "template", "parameters", "cron", "zone", "timeout", "retries",
            "retry_delay", "overlap", "min_duration", "catch_up", "mail_to", "grace", "description", "env");
    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** What one reading found. */
    public static final class Reading {
        private final Map<String, JobDefinition> jobs;
        private final List<String> problems;

        Reading(Map<String, JobDefinition> jobs, List<String> problems) {
            this.jobs = jobs;
            this.problems = problems;
        }

        public Map<String, JobDefinition> jobs() {
            return jobs;
        }

        public List<String> problems() {
            return problems;
        }
    }

    private final Path dir;
    private final Stage stage;
    private Map<Path, Long> stamps = Map.of();

    public JobDescriptors(Path configDir, Stage stage) {
        this.dir = configDir.resolve("jobs");
        this.stage = stage;
    }

    public Path dir() {
        return dir;
    }

    /** True when a descriptor was added, removed or modified since the last {@link #read()}. */
    public boolean changed() {
        return !stamp().equals(stamps);
    }

    private Map<Path, Long> stamp() {
        Map<Path, Long> now = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{yaml,yml}")) {
                for (Path file : files) {
                    now.put(file, Files.getLastModifiedTime(file).toMillis() ^ Files.size(file) << 40);
                }
            } catch (IOException e) {
                // a directory that cannot be listed counts as empty; read() reports it
            }
        }
        return now;
    }

    public Reading read() {
        Map<Path, Long> now = stamp();
        Map<String, JobDefinition> jobs = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : now.keySet()) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.lastIndexOf('.'));
            try {
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("a job name has letters, digits and . _ - (at most 64)");
                }
                JobDefinition job = parse(name, Files.readString(file), fileName);
                if (job.template() != null && !Files.isRegularFile(dir.resolve(job.template()))) {
                    problems.add(fileName + ": template " + job.template() + " is missing in " + dir + " (runs fail until it exists)");
                }
                jobs.put(name, job);
            } catch (IOException | RuntimeException e) {
                problems.add(fileName + ": " + e.getMessage());
            }
        }
        stamps = now;
        return new Reading(jobs, problems);
    }

    /** Parses one descriptor. @throws IllegalArgumentException naming the mistake */
    public JobDefinition parse(String name, String yaml, String source) {
        Object loaded = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(yaml);
        Map<?, ?> map = loaded == null ? Map.of() : asMap(loaded, "the descriptor");
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException("unknown key '" + key + "' (known: " + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        String job = text(map.get("job"), "script");
        String template = text(map.get("template"), job.equals("script") ? name + ".sh" : null);
        if (template != null && (template.contains("..") || template.startsWith("/"))) {
            throw new IllegalArgumentException("template '" + template + "' must be a file under the jobs directory");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (map.get("parameters") != null) {
            asMap(map.get("parameters"), "parameters").forEach((key, value) ->
                    parameters.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
            ScriptEnvironment.checkNames(parameters.keySet());
        }
        Cron cron = null;
        Object cronValue = map.get("cron");
        if (cronValue instanceof Map<?, ?> perStage) {
            cronValue = perStage.get(stage.name()) != null ? perStage.get(stage.name())
                    : perStage.get(stage.name().toLowerCase(Locale.ROOT));
        }
        if (cronValue != null && !String.valueOf(cronValue).isBlank() && !"off".equals(String.valueOf(cronValue))) {
            cron = Cron.parse(String.valueOf(cronValue));
        }
        ZoneId zone;
        try {
            zone = map.get("zone") == null ? ZoneId.systemDefault() : ZoneId.of(String.valueOf(map.get("zone")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("zone '" + map.get("zone") + "' is not a time zone (e.g. Europe/Berlin, UTC)");
        }
        Duration timeout = duration(map.get("timeout"), Duration.ofHours(1), "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        int retries = map.get("retries") == null ? 0 : integer(map.get("retries"), "retries");
        Duration retryDelay = duration(map.get("retry_delay"), Duration.ofMinutes(1), "retry_delay");
        JobDefinition.Overlap overlap;
        try {
            overlap = JobDefinition.Overlap.valueOf(text(map.get("overlap"), "skip").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("overlap '" + map.get("overlap") + "' is not skip or queue");
        }
        Duration minDuration = duration(map.get("min_duration"), Duration.ZERO, "min_duration");
        Object catchUp = map.get("catch_up");
        if (catchUp != null && !(catchUp instanceof Boolean)) {
            throw new IllegalArgumentException("catch_up must be true or false");
        }
        List<String> mailTo = new ArrayList<>();
        Object recipients = map.get("mail_to");
        if (recipients instanceof List<?> list) {
            list.forEach(item -> mailTo.add(String.valueOf(item).trim()));
        } else if (recipients != null) {
            for (String item : String.valueOf(recipients).split(",")) {
                if (!item.isBlank()) {
                    mailTo.add(item.trim());
                }
            }
        }
        Duration grace = duration(map.get("grace"), Duration.ofMinutes(5), "grace");
        List<String> env = new ArrayList<>();
        Object passed = map.get("env");
        if (passed != null) {
            if (!(passed instanceof List<?> list)) {
                throw new IllegalArgumentException("env must be a list of environment variable names, e.g. [PS_BACKUP_KEY]");
            }
            for (Object item : list) {
                String variable = String.valueOf(item).trim();
                if (!VARIABLE.matcher(variable).matches()) {
                    throw new IllegalArgumentException("env: '" + variable + "' is not an environment variable name");
                }
                env.add(variable);
            }
        }
        return new JobDefinition(name, job, template, parameters, cron, zone, timeout, retries, retryDelay, overlap,
                minDuration, Boolean.TRUE.equals(catchUp), mailTo, grace, env, source);
    }

    private static Map<?, ?> asMap(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " must be a mapping of keys to values");
        }
        return map;
    }

    private static String text(Object value, String fallback) {
        return value == null ? fallback : String.valueOf(value).trim();
    }

    private static int integer(Object value, String what) {
        try {
            int number = Integer.parseInt(String.valueOf(value).trim());
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a whole number ≥ 0");
        }
    }

    private static Duration duration(Object value, Duration fallback, String what) {
        if (value == null) {
            return fallback;
        }
        try {
            return Durations.parse(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }
}
