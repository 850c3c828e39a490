package ps.system;

import java.io.IOException;
import java.net.ServerSocket;
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
 * A real PS on Payara Micro (one of the two {@link PsDeployment}s; the other is {@link EarDeployment}), started through ps-dist's ps-run (the same script bin/ps-server runs) on free
 * ports with its own data directory. Its output goes to {@code server.log} in the data directory.
 */
final class PsServer implements PsDeployment {
    static final Path RUNTIME = Path.of(System.getProperty("ps.runtime.dir", "../ps-dist/target/ps"));
    /** Where ps-run keeps the class-data-sharing archive of the servers the tests start (see docs/operations.md). */
    static final Path CDS_DIR = Path.of("target/cds").toAbsolutePath();
    /** The admin password every test server starts with (setting PS_ADMIN_PASSWORD). */
    static final String ADMIN_PASSWORD = "admin-secret-for-tests";
    /**
     * The JVM options of every test server, {@link Hostile}'s heap cap included: one set of options, so all
     * servers of the run share one class-data-sharing archive instead of recording one per set.
     */
    static final String JAVA_OPTS = "-Xmx" + Hostile.HEAP_CAP_MB + "m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";

    final Path dataDir;
    final int httpPort;
    final int nativePort;
    final int picklePort;
    final int gelfPort;
    final int syslogPort;
    private final Map<String, String> environment;
    private List<String> command = List.of(RUNTIME.resolve("ps-run").toAbsolutePath().toString());
    private Process process;
    private int starts;

    private PsServer(Path dataDir, Map<String, String> environment) throws IOException {
        this.dataDir = dataDir;
        this.httpPort = freePort();
        this.nativePort = freePort();
        this.picklePort = freePort();
        this.gelfPort = freePort();
        this.syslogPort = freePort();
        this.environment = new HashMap<>(environment);
    }

    /** Starts PS in stage TESTING and waits until it is ready. */
    static PsServer start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    static PsServer start(Path dataDir, Map<String, String> extraEnvironment) throws Exception {
        PsServer server = create(dataDir, extraEnvironment);
        server.launch();
        return server;
    }

    /** ps-dist's single file, started as {@code java -jar ps.jar} (the JVM options ps-run gives tests). */
    static final Path RUNNABLE_JAR = Path.of(System.getProperty("ps.runnable.jar", "../ps-dist/target/ps.jar"));

    /** A server started from the single file {@code java -jar ps.jar} instead of ps-run, not yet started. */
    static PsServer createRunnableJar(Path dataDir, Map<String, String> extraEnvironment) throws IOException {
        PsServer server = new PsServer(dataDir, extraEnvironment);
        server.command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-jar", RUNNABLE_JAR.toAbsolutePath().toString());
        return server;
    }

    /** A server with its ports chosen, not yet started: {@link #launch()} starts it. */
    static PsServer create(Path dataDir, Map<String, String> extraEnvironment) throws IOException {
        return new PsServer(dataDir, extraEnvironment);
    }

    /**
     * The server's process under another command's scheduling, e.g. {@code chrt --idle 0} (Linux SCHED_IDLE:
     * it runs only on a core nothing else wants), for a benchmark of the client that stands for a server on
     * another host. Before {@link #launch()}.
     */
    PsServer scheduledBy(List<String> prefix) {
        List<String> prefixed = new ArrayList<>(prefix);
        prefixed.addAll(command);
        command = List.copyOf(prefixed);
        return this;
    }

    /** Sets an environment variable for the next {@link #launch()} (for settings known only after create). */
    PsServer with(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * A fresh data directory under target/ps-data, kept after the run so a failure's server.log and
     * database can be read.
     */
    static Path dataDir(String name) throws IOException {
        Path dir = Path.of("target", "ps-data", name + "-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * Each test JVM (failsafe runs two side by side, see the pom) hands out ports from its own block below the
     * kernel's ephemeral range (32768 and up): two JVMs never hand out the same port, and no outgoing
     * connection sits on one. A JVM owns its block by holding a file lock on it for its whole life (so a
     * crashed JVM frees it); within the block ports go round, each checked free by binding it.
     */
    private static final int PORTS_PER_BLOCK = 5_000;
    private static final int FIRST_PORT = 12_000 + ownPortBlock() * PORTS_PER_BLOCK;
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT = new java.util.concurrent.atomic.AtomicInteger();

    private static int ownPortBlock() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "port-blocks"));
            for (int block = 0; block < 4; block++) {
                java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir.resolve("block-" + block),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                if (channel.tryLock() != null) {
                    return block; // the channel stays open, and the lock held, until this JVM ends
                }
                channel.close();
            }
            throw new IllegalStateException("more than 4 test JVMs hand out ports at once");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Reserves a free port by binding and releasing it; never one handed out before in this JVM (until its
     * block of 5,000 goes round), so that a server's five ports and a mail server's are all different.
     */
    static int freePort() throws IOException {
        for (int tried = 0; tried < PORTS_PER_BLOCK; tried++) {
            int port = FIRST_PORT + Math.floorMod(NEXT_PORT.getAndIncrement(), PORTS_PER_BLOCK);
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            } catch (java.net.BindException taken) {
                // in use by something else: the next one
            }
        }
        throw new IOException("no free port in " + FIRST_PORT + "-" + (FIRST_PORT + PORTS_PER_BLOCK - 1));
    }

    void launch() throws Exception {
        launch(Duration.ofSeconds(Long.getLong("ps.ready.seconds", 180))); // more on a crowded machine
    }

    /** Starts PS and waits up to {@code timeout} until it is ready. */
    void launch(Duration timeout) throws Exception {
        launchOnly();
        try {
            awaitReady(timeout);
        } catch (Exception | Error e) {
            kill(); // a server that never became ready must not outlive the test
            throw e;
        }
    }

    /** Starts the process without waiting for readiness (for starts that must not become ready). */
    void launchOnly() throws Exception {
        Files.createDirectories(dataDir);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PS_STAGE", "TESTING");
        builder.environment().put("PS_DATA_DIR", dataDir.toString());
        builder.environment().put("PS_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("PS_NATIVE_PORT", Integer.toString(nativePort));
        builder.environment().put("PS_PICKLE_PORT", Integer.toString(picklePort));
        builder.environment().put("PS_GELF_PORT", Integer.toString(gelfPort));
        builder.environment().put("PS_SYSLOG_PORT", Integer.toString(syslogPort));
        builder.environment().put("PS_JAVA_OPTS", JAVA_OPTS);
        // one class-data-sharing archive for all servers of the run (ps-run): the first start records it
        builder.environment().put("PS_CDS_DIR", CDS_DIR.toString());
        builder.environment().put("PS_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        process = builder.start();
        starts++;
    }

    Path logFile() {
        return dataDir.resolve("server.log");
    }

    String log() throws IOException {
        return Files.readString(logFile());
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PS exited with " + process.exitValue() + " during start " + starts
                        + "; log: " + tail());
            }
            if (ready()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("PS not ready within " + timeout + "; log: " + tail());
    }

    private String tail() {
        try {
            String log = log();
            return log.substring(Math.max(0, log.length() - 6000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
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

    @Override
    public Path dataDir() {
        return dataDir;
    }

    /** The admin user's Basic credentials, as a header value. */
    static String admin() {
        return basic("admin", ADMIN_PASSWORD);
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Rows of the server's SQLite file matching the SQL (a count), read directly: the store as it is on disk. */
    long countInDatabase(String sql) throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir.resolve("ps.sqlite"));
             java.sql.ResultSet result = connection.createStatement().executeQuery(sql)) {
            return result.next() ? result.getLong(1) : -1;
        }
    }

    /**
     * Stops PS as Ctrl-C or a service manager would (SIGTERM) and waits for it.
     *
     * @return true when it ended by itself within 60 s, false when it had to be killed
     */
    boolean stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return false;
            }
        }
        return true;
    }

    /** Kills PS without warning (SIGKILL). */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The JVM's process id (ps-run execs java, so the started process is the JVM). */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    /**
     * Waits until the process ends by itself.
     *
     * @return its exit code
     * @throws IllegalStateException when it is still running after the timeout (it is killed then)
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("PS still running " + timeout + " after its start; log: " + tail());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
