package ps.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for tests: {@code initdb} and {@code pg_ctl} of the newest PostgreSQL of
 * version 15 or later (Debian's {@code postgresql} package, which bin/ps-test installs) on a free port, in a fresh directory under
 * {@code target/}, trusting local connections only (it listens on 127.0.0.1 and its own socket directory).
 * initdb refuses to run as root, so as root the cluster runs as the {@code postgres} user; otherwise as the
 * current user. Close it to stop the server and delete its files.
 */
public final class PgCluster implements AutoCloseable {
    /** Where Debian puts the server programs, one folder per major version. */
    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");
    private static final String OWNER = "postgres";

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgres;

    private PgCluster(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Initialises and starts a cluster in a new directory under {@code target/}; waits until it accepts connections. */
    public static PgCluster start() throws IOException, InterruptedException {
        Path bin = bin();
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        Path dir = Files.createTempDirectory(target, "pg-");
        boolean asPostgres = "root".equals(System.getProperty("user.name"));
        PgCluster cluster = new PgCluster(bin, dir, freePort(), asPostgres);
        try {
            cluster.init();
            cluster.run(List.of(bin.resolve("pg_ctl").toString(), "-D", cluster.data.toString(), "-l",
                    dir.resolve("server.log").toString(), "-w", "-t", "60", "start"));
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void init() throws IOException, InterruptedException {
        if (asPostgres) {
            UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OWNER);
            Files.setOwner(dir, owner);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-sync", "--no-instructions"));
        // settings in the file, not on pg_ctl's command line, which pg_ctl hands to a shell
        String settings = "\n# PgCluster (ps-test-support)\nport = " + port + "\nlisten_addresses = '127.0.0.1'\n"
                + "unix_socket_directories = '" + dir + "'\nfsync = off\nmax_connections = 50\n";
        // appending keeps the file's owner (postgres) and mode
        Files.writeString(data.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Runs a PostgreSQL program (as postgres when this JVM is root) and fails with its output when it fails. */
    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", OWNER, "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile(dir, "cmd-", ".log");
        Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 120 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n"
                    + Files.readString(output));
        }
    }

    /** The programs of the newest PostgreSQL installed, 15 or later. */
    private static Path bin() throws IOException {
        int newest = 0;
        if (Files.isDirectory(VERSIONS)) {
            try (Stream<Path> versions = Files.list(VERSIONS)) {
                for (Path version : (Iterable<Path>) versions::iterator) {
                    String name = version.getFileName().toString();
                    if (name.matches("\\d+") && Files.isExecutable(version.resolve("bin/initdb"))) {
                        newest = Math.max(newest, Integer.parseInt(name));
                    }
                }
            }
        }
        if (newest < 15) {
            throw new IllegalStateException("PostgreSQL 15 or later is not installed (" + VERSIONS
                    + "/<version>/bin/initdb): bin/ps-test installs Debian's postgresql package");
        }
        return VERSIONS.resolve(Integer.toString(newest)).resolve("bin");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The cluster's directory (data, socket, logs), deleted by {@link #close}. */
    public Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of a database of the cluster, e.g. {@code postgres}. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A connection as the superuser {@code postgres} (trusted, no password). */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", "");
    }

    /** Stops the server (fast shut-down) and deletes the cluster's directory. */
    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("PgCluster: stopping " + data + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("PgCluster: " + dir + " not deleted: " + e);
        }
    }
}
