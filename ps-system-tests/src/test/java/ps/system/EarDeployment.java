package ps.system;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ps.ear on a real Payara Server: a fresh domain created on free ports under target/ps-data (the server
 * unpacked by the build into target/payara6), started with PS's settings in its environment, and ps.ear
 * deployed with {@code asadmin deploy} as an operator would. The data dir is left to its default, which on
 * a server lies under the domain. asadmin's output goes to {@code asadmin.log} in the test's folder.
 */
final class EarDeployment implements PsDeployment {
    static final Path PAYARA = Path.of(System.getProperty("ps.payara.dir", "target/payara6")).toAbsolutePath();
    static final Path EAR = Path.of(System.getProperty("ps.ear", "../ps-ear/target/ps.ear")).toAbsolutePath();
    static final String DOMAIN = "ps";
    private static final Duration ASADMIN_TIMEOUT = Duration.ofMinutes(10);

    final Path folder;
    final int adminPort;
    final int httpPort;
    private final int nativePort;
    private final int picklePort;
    private final int gelfPort;
    private final int syslogPort;
    private final Map<String, String> environment = new HashMap<>();

    private EarDeployment(Path folder, Map<String, String> environment) throws IOException {
        this.folder = folder;
        this.adminPort = PsServer.freePort();
        this.httpPort = PsServer.freePort();
        this.nativePort = PsServer.freePort();
        this.picklePort = PsServer.freePort();
        this.gelfPort = PsServer.freePort();
        this.syslogPort = PsServer.freePort();
        this.environment.putAll(Map.of(
                "PS_STAGE", "TESTING",
                "PS_NATIVE_PORT", Integer.toString(nativePort),
                "PS_PICKLE_PORT", Integer.toString(picklePort),
                "PS_GELF_PORT", Integer.toString(gelfPort),
                "PS_SYSLOG_PORT", Integer.toString(syslogPort),
                "PS_ADMIN_PASSWORD", PsServer.ADMIN_PASSWORD));
        this.environment.putAll(environment);
    }

    /** Creates a domain on free ports and starts it; {@link #deploy()} deploys ps.ear to it. */
    static EarDeployment start(String name, Map<String, String> environment) throws Exception {
        EarDeployment deployment = new EarDeployment(PsServer.dataDir(name), environment);
        deployment.createDomain();
        deployment.asadmin("start-domain", "--domaindir", deployment.domains().toString(), DOMAIN);
        return deployment;
    }

    private void createDomain() throws Exception {
        String properties = String.join(":",
                "domain.jmxPort=" + PsServer.freePort(),
                "http.ssl.port=" + PsServer.freePort(),
                "java.debugger.port=" + PsServer.freePort(),
                "jms.port=" + PsServer.freePort(),
                "orb.listener.port=" + PsServer.freePort(),
                "orb.ssl.port=" + PsServer.freePort(),
                "orb.mutualauth.port=" + PsServer.freePort(),
                "osgi.shell.telnet.port=" + PsServer.freePort());
        asadmin("create-domain", "--nopassword", "--domaindir", domains().toString(),
                "--adminport", Integer.toString(adminPort), "--instanceport", Integer.toString(httpPort),
                "--domainproperties", properties, DOMAIN);
    }

    /**
     * Deploys ps.ear as is and waits until PS is ready.
     *
     * @return how long {@code asadmin deploy} took
     */
    Duration deploy() throws Exception {
        long start = System.nanoTime();
        asadmin("--port", Integer.toString(adminPort), "deploy", EAR.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deployed but not ready: " + getAnonymously("/health/ready").body());
            }
            Thread.sleep(500);
        }
        return took;
    }

    void undeploy() throws Exception {
        asadmin("--port", Integer.toString(adminPort), "undeploy", "ps");
    }

    Path domains() {
        return folder.resolve("domains");
    }

    Path domainDir() {
        return domains().resolve(DOMAIN);
    }

    Path serverLog() {
        return domainDir().resolve("logs/server.log");
    }

    /** The server JVM's process id (the domain writes it to config/pid). */
    long pid() throws IOException {
        return Long.parseLong(Files.readString(domainDir().resolve("config/pid")).trim());
    }

    /** The names of the server JVM's threads now (jstack). */
    List<String> threadNames() throws Exception {
        Process jstack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                Long.toString(pid())).redirectErrorStream(true).start();
        List<String> names = new ArrayList<>();
        for (String line : new String(jstack.getInputStream().readAllBytes()).split("\n")) {
            if (line.startsWith("\"")) {
                names.add(line.substring(1, line.indexOf('"', 1)));
            }
        }
        if (jstack.waitFor() != 0 || names.isEmpty()) {
            throw new IllegalStateException("jstack " + pid() + " failed: " + names);
        }
        return names;
    }

    /** Runs asadmin with the deployment's environment (a domain's server inherits it); fails on a non-zero exit. */
    String asadmin(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(PAYARA.resolve("bin/asadmin").toString());
        command.add("--interactive=false");
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(ASADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
        String text = new String(output);
        Files.writeString(folder.resolve("asadmin.log"), "$ " + String.join(" ", command) + "\n" + text,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", arguments) + " failed: " + text);
        }
        return text;
    }

    @Override
    public URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + httpPort + pathAndQuery);
    }

    @Override
    public int nativePort() {
        return nativePort;
    }

    @Override
    public int picklePort() {
        return picklePort;
    }

    @Override
    public int gelfPort() {
        return gelfPort;
    }

    @Override
    public int syslogPort() {
        return syslogPort;
    }

    /** The data dir's default on a server: ps-data under the domain. */
    @Override
    public Path dataDir() {
        return domainDir().resolve("ps-data");
    }

    /** Stops the domain (its server and everything deployed). */
    @Override
    public void close() throws Exception {
        if (Files.exists(domainDir())) {
            asadmin("stop-domain", "--domaindir", domains().toString(), DOMAIN);
        }
    }
}
