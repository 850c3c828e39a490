package ps.basic.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The single-instance guard: {@code {service}_lock{suffix}} holding the holder's PID under an OS file
 * lock. The OS lock is what counts: it ends with its process however that ends (kill -9 included), so a
 * file with a PID whose lock is free is stale and is taken over, with a warning. A clean release empties
 * the file; it is never deleted, since deleting a locked file lets a second process lock a new one.
 */
public final class InstanceLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or fails.
     *
     * @param warn told when a stale lock (a PID whose process ended without releasing it) is taken over
     * @throws LockedException when a live process holds it, naming its PID
     */
    public static InstanceLock acquire(Path file, Consumer<String> warn) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        FileChannel channel = FileChannel.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        String previous = read(channel);
        if (lock == null) {
            channel.close();
            throw new LockedException(absolute, previous.isEmpty() ? "unknown" : previous);
        }
        long own = ProcessHandle.current().pid();
        if (!previous.isEmpty() && !previous.equals(Long.toString(own))) {
            warn.accept("taking over the stale lock " + absolute + " of PID " + previous + " ("
                    + describe(previous) + "; the OS lock was free: it ended without releasing it)");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((own + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(true);
        return new InstanceLock(absolute, channel, lock);
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
    }

    private static String describe(String pid) {
        try {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid));
            return process.isPresent() && process.get().isAlive() ? "a process of that PID runs, but not holding the lock"
                    : "no such process";
        } catch (NumberFormatException e) {
            return "not a PID";
        }
    }

    public Path file() {
        return file;
    }

    /** Empties the file and releases the lock. */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
        }
    }
}
