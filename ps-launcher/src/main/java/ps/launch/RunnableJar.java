package ps.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * PS as one file, {@code ps.jar}: Payara Micro's jar with this launcher and PS's applications inside it
 * under {@code PS-INF/}. Micro's own uber jar does not deploy a RAR packed inside it, so the applications
 * are copied out to {@code PS_DATA_DIR/runtime/} at each start and deployed from there, in ps-run's order
 * and with ps-run's command line (this is ps-run for the single file); so are the key and trust stores of
 * {@link JvmDefaults}.
 */
final class RunnableJar {
    static final String FOLDER = "PS-INF/";
    /** In deployment order: the RAR first (the MDB needs its listener interface), then ps-ready, then ps-web. */
    static final List<String> APPLICATIONS = List.of("ps-rar.rar", "ps-ready.war", "ps-web.war");
    private static final Set<String> STAGES = Set.of("TESTING", "DEVELOPMENT", "INTEGRATION", "PRODUCTION");

    private RunnableJar() {
    }

    /** True when this launcher runs from ps.jar (the applications are inside it). */
    static boolean running() {
        return RunnableJar.class.getResource("/" + FOLDER + "ps-web.war") != null;
    }

    /**
     * Copies the applications out and gives Micro's arguments for them, followed by {@code extra}.
     *
     * @param setting a setting's value by its MicroProfile name ({@code ps.stage}: system property, else
     *                environment {@code PS_STAGE}), null when unset
     * @throws IllegalArgumentException for a setting that cannot work, naming it
     */
    static List<String> prepare(String[] extra, UnaryOperator<String> setting) throws IOException {
        String stage = String.valueOf(setting.apply("ps.stage") == null ? "DEVELOPMENT" : setting.apply("ps.stage"));
        if (!STAGES.contains(stage.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("PS_STAGE='" + stage + "' is not a stage: use TESTING, DEVELOPMENT, INTEGRATION or PRODUCTION");
        }
        String port = setting.apply("ps.http.port") == null ? "8080" : setting.apply("ps.http.port");
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("PS_HTTP_PORT='" + port + "' is not a port (1..65535)");
        }
        Path dataDir = Path.of(setting.apply("ps.data.dir") == null ? "data" : setting.apply("ps.data.dir")).toAbsolutePath().normalize();
        System.setProperty("ps.stage", stage.toUpperCase(Locale.ROOT));
        System.setProperty("ps.data.dir", dataDir.toString());

        // as ps-run: Micro redeploys what a reused root dir records, so its deployment records are cleared
        Path rootDir = dataDir.resolve("payara");
        for (String recorded : List.of("applications", "generated", "osgi-cache", "config/domain.xml")) {
            delete(rootDir.resolve(recorded));
        }
        Files.createDirectories(rootDir);
        Path runtime = Files.createDirectories(dataDir.resolve("runtime"));
        List<String> arguments = new ArrayList<>(List.of("--nocluster", "--port", port, "--rootDir", rootDir.toString(),
                "--postbootcommandfile", copyOut("post-boot.asadmin", runtime).toString()));
        for (String application : APPLICATIONS) {
            arguments.add("--deploy");
            arguments.add(copyOut(application, runtime).toString());
        }
        for (String store : JvmDefaults.FILES) {
            copyOut(store, runtime);
        }
        JvmDefaults.apply(runtime, System.getProperties());
        arguments.addAll(List.of(extra));
        return arguments;
    }

    /** A setting as MicroProfile Config reads it: system property, else environment variable. */
    static String setting(String name, Map<String, String> environment) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = environment.get(name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Path copyOut(String name, Path folder) throws IOException {
        Path target = folder.resolve(name);
        try (InputStream in = RunnableJar.class.getResourceAsStream("/" + FOLDER + name)) {
            if (in == null) {
                throw new IOException(FOLDER + name + " is missing from ps.jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static void delete(Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
