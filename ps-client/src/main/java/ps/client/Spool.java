package ps.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import ps.client.wire.NativeProtocol;
import ps.client.wire.NativeProtocol.Frame;
import ps.client.wire.ProtocolException;

/**
 * A client's unacknowledged records on disk, kept while the bridge is unreachable and across application
 * restarts: a HELLO frame naming the client id, then RECORD frames in ascending sequence order, in the
 * native protocol's own format. The file is emptied once the bridge acknowledged its last record. A lock
 * file keeps two processes from sharing one spool (the second one takes {@code <file>.1}, and so on).
 */
final class Spool implements AutoCloseable {
    private static final int MAX_FRAME_BYTES = 64 << 20;

    private final Path file;
    private final RandomAccessFile data;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final long maxBytes;
    private String clientId;
    private long lastSeq;
    private long records;

    private Spool(Path file, RandomAccessFile data, FileChannel lockChannel, FileLock lock, long maxBytes) {
        this.file = file;
        this.data = data;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.maxBytes = maxBytes;
    }

    /** Opens (or creates) the spool; records an earlier run left are kept and counted. */
    static Spool open(Path file, long maxBytes) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        for (int n = 0; n < 100; n++) {
            Path candidate = n == 0 ? absolute : absolute.resolveSibling(absolute.getFileName() + "." + n);
            FileChannel lockChannel = FileChannel.open(candidate.resolveSibling(candidate.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                continue;
            }
            Spool spool = new Spool(candidate, new RandomAccessFile(candidate.toFile(), "rw"), lockChannel, lock, maxBytes);
            spool.recover();
            return spool;
        }
        throw new IOException("no free spool file next to " + absolute);
    }

    /** Reads the header and counts the records; a frame torn by a crash while appending is cut off. */
    private void recover() throws IOException {
        long valid = 0;
        try (Reader reader = new Reader(true)) {
            while (reader.next() != null) {
                valid = reader.position;
            }
        } catch (ProtocolException e) {
            // keep what is whole
        }
        clientId = records == 0 ? null : clientId;
        data.setLength(records == 0 ? 0 : valid);
    }

    /** The client id the records in the file were numbered under, or null when it is empty. */
    String clientId() {
        return clientId;
    }

    long lastSeq() {
        return lastSeq;
    }

    long records() {
        return records;
    }

    boolean isEmpty() {
        return records == 0;
    }

    boolean isFull() throws IOException {
        return data.length() >= maxBytes;
    }

    /**
     * Appends records numbered under {@code id}, each with a higher sequence number than any in the file,
     * and syncs the file.
     */
    void append(String id, List<LogEntry> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        if (records == 0) {
            data.setLength(0);
            clientId = id;
            NativeProtocol.writeHello(out, id);
        }
        for (LogEntry entry : entries) {
            NativeProtocol.writeRecord(out, entry);
        }
        out.flush();
        data.seek(data.length());
        data.write(bytes.toByteArray());
        data.getFD().sync();
        records += entries.size();
        lastSeq = entries.get(entries.size() - 1).seq();
    }

    /** Empties the file: the bridge acknowledged every record in it. */
    void clear() throws IOException {
        data.setLength(0);
        records = 0;
        clientId = null;
    }

    /** Reads the file's records from the start, for (re)sending. */
    Reader reader() throws IOException {
        return new Reader(false);
    }

    Path file() {
        return file;
    }

    /** Closes the spool; an empty one leaves no files behind. */
    @Override
    public void close() throws IOException {
        boolean empty = records == 0;
        try {
            data.close();
            if (empty) {
                Files.deleteIfExists(file);
            }
        } finally {
            lock.release();
            lockChannel.close();
            if (empty) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".lock"));
            }
        }
    }

    /** Reads records in file order; counts them and notes the header while doing so. */
    final class Reader implements AutoCloseable {
        private final DataInputStream in;
        private final boolean recovering;
        private long position;
        private boolean header;

        private Reader(boolean recovering) throws IOException {
            this.recovering = recovering;
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024) {
                @Override
                public synchronized int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        position++;
                    }
                    return b;
                }

                @Override
                public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        position += n;
                    }
                    return n;
                }
            });
        }

        /** @return the next record, or null at the end of the file */
        LogEntry next() throws IOException {
            if (!header) {
                Frame hello = NativeProtocol.readFrame(in, MAX_FRAME_BYTES);
                if (hello == null) {
                    return null;
                }
                if (hello.type() != NativeProtocol.HELLO) {
                    throw new ProtocolException("spool " + file + " does not start with HELLO");
                }
                String id = NativeProtocol.readHello(hello.body());
                if (recovering) {
                    clientId = id;
                }
                header = true;
            }
            Frame frame = NativeProtocol.readFrame(in, MAX_FRAME_BYTES);
            if (frame == null) {
                return null;
            }
            LogEntry entry = NativeProtocol.readRecord(frame.body());
            if (recovering) {
                records++;
                lastSeq = entry.seq();
            }
            return entry;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
