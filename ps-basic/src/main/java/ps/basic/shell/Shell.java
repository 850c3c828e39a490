package ps.basic.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The original's {@code ps_shell}, without a shell in between: a command is an argument vector handed to
 * the OS as it is, so no value is ever parsed as shell text. It runs with a timeout (then it and its
 * children are killed), and the call and its outcome are logged: DEBUG "SUCCESS time command" on exit
 * code 0, ERROR "ERROR time exit n command" with the stderr lines otherwise.
 */
public final class Shell {
    /** Lines kept per stream; the rest is counted, not kept (a chatty command cannot exhaust the heap). */
    public static final int MAX_LINES = 10_000;
    /** Characters kept per line; the rest of a longer line is cut off. */
    public static final int MAX_LINE_CHARS = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(Shell.class.getName());

    private final Duration defaultTimeout;

    public Shell(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    /** A command: the argument vector, environment variables added to the program's, directory, timeout. */
    public static final class Command {
        private final List<String> argv;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path directory;
        private Duration timeout;

        private Command(List<String> argv) {
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("a command needs at least the program");
            }
            this.argv = List.copyOf(argv);
        }

        public static Command of(List<String> argv) {
            return new Command(argv);
        }

        public static Command of(String... argv) {
            return new Command(List.of(argv));
        }

        /** Sets an environment variable: the way to hand a value to {@code sh -c '… "$NAME" …'}. */
        public Command env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Command env(Map<String, String> values) {
            environment.putAll(values);
            return this;
        }

        public Command directory(Path value) {
            directory = value;
            return this;
        }

        public Command timeout(Duration value) {
            timeout = value;
            return this;
        }

        public List<String> argv() {
            return argv;
        }
    }

    public ShellResult run(String... argv) {
        return run(Command.of(argv));
    }

    public ShellResult run(List<String> argv) {
        return run(Command.of(argv));
    }

    /** Runs the command and waits for it (at most its timeout); never throws for the command's failure. */
    public ShellResult run(Command command) {
        Duration timeout = command.timeout == null ? defaultTimeout : command.timeout;
        ProcessBuilder builder = new ProcessBuilder(command.argv);
        builder.environment().putAll(command.environment);
        if (command.directory != null) {
            builder.directory(command.directory.toFile());
        }
        long start = System.nanoTime();
        Process process;
        try {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            process = builder.start();
        } catch (IOException e) {
            ShellResult result = new ShellResult(command.argv, List.of(), List.of(e.getMessage()), -1,
                    Duration.ofNanos(System.nanoTime() - start), false);
            log(result);
            return result;
        }
        Lines out = new Lines(process.getInputStream());
        Lines err = new Lines(process.getErrorStream());
        boolean timedOut = false;
        int exit;
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = process.exitValue();
            } else {
                timedOut = true;
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                exit = -1;
            }
            out.thread.join(5000);
            err.thread.join(5000);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            timedOut = true;
            exit = -1;
        }
        ShellResult result = new ShellResult(command.argv, out.lines(), err.lines(), exit,
                Duration.ofNanos(System.nanoTime() - start), timedOut);
        log(result);
        return result;
    }

    private static void log(ShellResult result) {
        String command = String.join(" ", result.command());
        if (result.ok()) {
            LOG.log(Level.FINE, "SUCCESS {0} {1}", new Object[] {result.runTimeText(), command});
        } else {
            String why = result.timedOut() ? "timed out" : "exit " + result.exitCode();
            LOG.log(Level.SEVERE, "ERROR {0} {1} {2}\n{3}", new Object[] {result.runTimeText(), why, command,
                    String.join("\n", result.stderr())});
        }
    }

    /** Reads a stream's lines on its own thread, keeping the first MAX_LINES. */
    private static final class Lines {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile long dropped;

        Lines(InputStream stream) {
            thread = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    StringBuilder line = new StringBuilder();
                    boolean any = false;
                    int c;
                    while ((c = reader.read()) != -1) {
                        any = true;
                        if (c == '\n') {
                            keep(line);
                            any = false;
                        } else if (c != '\r' && line.length() < MAX_LINE_CHARS) {
                            line.append((char) c);
                        }
                    }
                    if (any) {
                        keep(line);
                    }
                } catch (IOException e) {
                    // the process was killed: keep what was read
                }
            }, "ps-shell-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void keep(StringBuilder line) {
            if (lines.size() < MAX_LINES) {
                lines.add(line.toString());
            } else {
                dropped++;
            }
            line.setLength(0);
        }

        List<String> lines() {
            List<String> copy;
            synchronized (lines) {
                copy = new ArrayList<>(lines);
            }
            if (dropped > 0) {
                copy.add("… " + dropped + " more lines not kept");
            }
            return List.copyOf(copy);
        }
    }
}
