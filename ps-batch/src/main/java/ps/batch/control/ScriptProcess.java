package ps.batch.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a script with {@code bash} in exactly the given environment (the server's is not inherited), hands its stdout and stderr lines on in small batches as they come, and
 * kills the whole process tree (the script first, then every process it started) when the timeout passes or
 * {@link #stop()} is called: first politely (SIGTERM), after a few seconds forcibly.
 */
public final class ScriptProcess {
    private static final int BATCH_LINES = 200;
    private static final long BATCH_MILLIS = 250;
    private static final int MAX_LINE = 64 * 1024;
    private static final Duration KILL_GRACE = Duration.ofSeconds(3);

    /** One output line. */
    public static final class Line {
        private final boolean stderr;
        private final String text;
        private final long at;

        Line(boolean stderr, String text, long at) {
            this.stderr = stderr;
            this.text = text;
            this.at = at;
        }

        public boolean stderr() {
            return stderr;
        }

        public String text() {
            return text;
        }

        public long at() {
            return at;
        }
    }

    /** How the run ended. */
    public static final class Outcome {
        private final int exitCode;
        private final boolean timedOut;
        private final boolean stopped;
        private final long millis;
        private final long lines;

        Outcome(int exitCode, boolean timedOut, boolean stopped, long millis, long lines) {
            this.exitCode = exitCode;
            this.timedOut = timedOut;
            this.stopped = stopped;
            this.millis = millis;
            this.lines = lines;
        }

        public int exitCode() {
            return exitCode;
        }

        public boolean timedOut() {
            return timedOut;
        }

        public boolean stopped() {
            return stopped;
        }

        public long millis() {
            return millis;
        }

        public long lines() {
            return lines;
        }
    }

    private final Path script;
    private final Path workDir;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final ThreadFactory threads;
    private volatile boolean stopRequested;
    private volatile Process process;

    public ScriptProcess(Path script, Path workDir, Map<String, String> environment, Duration timeout, ThreadFactory threads) {
        this.script = script;
        this.workDir = workDir;
        this.environment = environment;
        this.timeout = timeout;
        this.threads = threads;
    }

    /** Asks the running script to end: its process tree is killed. */
    public void stop() {
        stopRequested = true;
    }

    /** Runs the script to its end, the timeout or a stop; {@code sink} gets the lines in batches, on this thread. */
    public Outcome run(Consumer<List<Line>> sink) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).directory(workDir.toFile());
        // the script's whole environment: nothing of the server's leaks in (see ScriptEnvironment)
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long started = System.nanoTime();
        Process p = builder.start();
        process = p;
        BlockingQueue<Line> queue = new LinkedBlockingQueue<>(10_000);
        CountDownLatch readersDone = new CountDownLatch(2);
        threads.newThread(() -> pump(p.getInputStream(), false, queue, readersDone)).start();
        threads.newThread(() -> pump(p.getErrorStream(), true, queue, readersDone)).start();
        long deadline = started + timeout.toNanos();
        boolean timedOut = false;
        boolean stopped = false;
        long count = 0;
        List<Line> batch = new ArrayList<>();
        long batchStarted = System.nanoTime();
        while (true) {
            Line line = queue.poll(50, TimeUnit.MILLISECONDS);
            if (line != null) {
                batch.add(line);
                queue.drainTo(batch, BATCH_LINES - batch.size());
            }
            boolean ended = readersDone.getCount() == 0 && queue.isEmpty();
            if (!batch.isEmpty() && (ended || batch.size() >= BATCH_LINES
                    || System.nanoTime() - batchStarted > TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS))) {
                count += batch.size();
                sink.accept(batch);
                batch = new ArrayList<>();
                batchStarted = System.nanoTime();
            }
            if (ended && !p.isAlive()) {
                break;
            }
            if (!timedOut && !stopped && System.nanoTime() > deadline) {
                timedOut = true;
                killTree(p);
            } else if (!timedOut && !stopped && stopRequested) {
                stopped = true;
                killTree(p);
            }
            if (ended && (timedOut || stopped)) {
                p.waitFor(KILL_GRACE.toMillis() * 2, TimeUnit.MILLISECONDS);
                break;
            }
            if (ended) {
                p.waitFor();
                break;
            }
        }
        int exit = p.isAlive() ? -1 : p.exitValue();
        return new Outcome(exit, timedOut, stopped, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), count);
    }

    /**
     * The script and every process it started: SIGTERM to all, then SIGKILL to those still alive. The script
     * comes first: a shell whose running command dies first goes on with its next command.
     */
    static void killTree(Process p) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(p.toHandle());
        tree.addAll(p.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + KILL_GRACE.toNanos();
        for (ProcessHandle handle : tree) {
            long left = until - System.nanoTime();
            if (left > 0) {
                try {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // still alive: forced below
                }
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void pump(InputStream in, boolean stderr, BlockingQueue<Line> queue, CountDownLatch done) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String text;
            while ((text = reader.readLine()) != null) {
                if (text.length() > MAX_LINE) {
                    text = text.substring(0, MAX_LINE) + " …(cut)";
                }
                queue.put(new Line(stderr, text, System.currentTimeMillis()));
            }
        } catch (IOException e) {
            // the stream closed (the process was killed)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }
}
