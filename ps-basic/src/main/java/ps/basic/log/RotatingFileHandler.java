package ps.basic.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * The local log file, rotated by size the way the original's (Python's RotatingFileHandler) was: the
 * current file keeps its name ({@code LOG/svc_t.log}), the old ones are {@code .1} (newest) to
 * {@code .N}; the oldest beyond N is deleted. Backups older than the maximum age are deleted at start and
 * at each rotation. JUL's own FileHandler does not fit: its current file carries a generation number
 * ({@code .0}), it leaves {@code .lck} files and never deletes by age.
 */
public final class RotatingFileHandler extends Handler {
    private final Path file;
    private final long maxBytes;
    private final int backups;
    private final Duration maxAge;
    private OutputStream out;
    private long size;

    /**
     * @param maxBytes the size a file may reach before the next record goes to a fresh one (0: never rotate)
     * @param backups how many old files to keep
     * @param maxAge backups last modified longer ago are deleted (null: keep by count only)
     */
    public RotatingFileHandler(Path file, long maxBytes, int backups, Duration maxAge) throws IOException {
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.backups = backups;
        this.maxAge = maxAge;
        Files.createDirectories(this.file.getParent());
        deleteOld();
        open();
        setFormatter(new LocalLogFormatter());
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (out == null || !isLoggable(record)) {
            return;
        }
        try {
            byte[] line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
            if (maxBytes > 0 && size > 0 && size + line.length > maxBytes) {
                rotate();
            }
            out.write(line);
            out.flush();
            size += line.length;
        } catch (IOException | RuntimeException e) {
            reportError("cannot write the local log " + file, e, ErrorManager.WRITE_FAILURE);
        }
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        if (backups <= 0) {
            Files.delete(file);
        } else {
            Files.deleteIfExists(backup(backups));
            for (int i = backups - 1; i >= 1; i--) {
                try {
                    Files.move(backup(i), backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
                } catch (NoSuchFileException e) {
                    // a gap in the numbering: nothing to move
                }
            }
            Files.move(file, backup(1), StandardCopyOption.REPLACE_EXISTING);
        }
        deleteOld();
        open();
    }

    Path backup(int number) {
        return file.resolveSibling(file.getFileName() + "." + number);
    }

    /** Deletes backups beyond the count (left by a run with more backups) and those older than the maximum age. */
    private void deleteOld() throws IOException {
        String prefix = file.getFileName() + ".";
        Instant oldest = maxAge == null ? null : Instant.now().minus(maxAge);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(file.getParent(), prefix + "*")) {
            for (Path sibling : siblings) {
                String suffix = sibling.getFileName().toString().substring(prefix.length());
                if (!suffix.matches("[0-9]{1,9}")) {
                    continue;
                }
                boolean tooMany = Integer.parseInt(suffix) > backups;
                boolean tooOld = oldest != null && Files.getLastModifiedTime(sibling).toInstant().isBefore(oldest);
                if (tooMany || tooOld) {
                    Files.deleteIfExists(sibling);
                }
            }
        }
    }

    @Override
    public synchronized void flush() {
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            reportError("cannot flush the local log " + file, e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            reportError("cannot close the local log " + file, e, ErrorManager.CLOSE_FAILURE);
        }
        out = null;
    }
}
