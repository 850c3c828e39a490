package ps.client;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
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
    private long skippedBytes;
    private int skippedRegions;

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

    /**
     * Reads the header and counts the records. Damage in the middle (a flipped bit, a torn block) skips only
     * the damaged bytes: reading resynchronises on the next valid RECORD frame; a torn tail is cut off.
     */
    private void recover() throws IOException {
        long valid;
        try (Reader reader = new Reader(true)) {
            while (reader.next() != null) {
                // counting
            }
            valid = reader.validEnd;
            skippedBytes = reader.skippedBytes;
            skippedRegions = reader.skippedRegions;
        }
        clientId = records == 0 ? null : clientId;
        data.setLength(records == 0 ? 0 : valid);
    }

    /** Bytes of damaged frames skipped when the file was opened (0 for an intact file). */
    long skippedBytes() {
        return skippedBytes;
    }

    /** Damaged stretches skipped when the file was opened. */
    int skippedRegions() {
        return skippedRegions;
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

    /**
     * Reads records in file order; counts them and notes the header while recovering. Reads by position,
     * so that after a frame that does not parse it can look for the next one that does, byte by byte.
     */
    final class Reader implements AutoCloseable {
        private static final int WINDOW = 64 * 1024;
        private final FileChannel channel;
        private final boolean recovering;
        private final long size;
        private final java.nio.ByteBuffer window = java.nio.ByteBuffer.allocate(WINDOW);
        private long windowStart = -1;
        private long position;
        private long previousSeq;
        private long validEnd;
        private long skippedBytes;
        private int skippedRegions;
        private boolean header;

        private Reader(boolean recovering) throws IOException {
            this.recovering = recovering;
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            this.size = channel.size();
        }

        /** @return the next intact record, or null at the end of the file */
        LogEntry next() throws IOException {
            if (!header) {
                header = true;
                Frame hello = frameAt(position);
                if (hello != null && hello.type() == NativeProtocol.HELLO) {
                    try {
                        String id = NativeProtocol.readHello(hello.body());
                        if (recovering) {
                            clientId = id;
                        }
                        position += 4 + 1 + hello.body().length;
                        validEnd = position;
                    } catch (ProtocolException e) {
                        // a damaged header: the records behind it are still worth sending
                    }
                }
            }
            long damaged = position;
            while (position < size) {
                LogEntry entry = recordAt(position);
                if (entry != null) {
                    if (position > damaged) {
                        skippedBytes += position - damaged;
                        skippedRegions++;
                    }
                    position = validEnd = position + frameLength(position);
                    previousSeq = entry.seq();
                    if (recovering) {
                        records++;
                        lastSeq = entry.seq();
                    }
                    return entry;
                }
                position++;
            }
            if (size > damaged) {
                // no intact frame behind the damage: a torn tail, cut off by recover()
                skippedBytes += size - damaged;
                skippedRegions++;
            }
            return null;
        }

        /** The record whose frame starts at {@code at}, when it is whole, valid and numbered after the last one. */
        private LogEntry recordAt(long at) throws IOException {
            Frame frame = frameAt(at);
            if (frame == null || frame.type() != NativeProtocol.RECORD) {
                return null;
            }
            try {
                LogEntry entry = NativeProtocol.readRecord(frame.body());
                return entry.seq() > previousSeq ? entry : null;
            } catch (ProtocolException e) {
                return null;
            }
        }

        private long frameLength(long at) throws IOException {
            return 4 + ((long) (byteAt(at) << 24 | byteAt(at + 1) << 16 | byteAt(at + 2) << 8 | byteAt(at + 3)) & 0xffffffffL);
        }

        /** The frame starting at {@code at}, or null when its length does not fit the file or the limit. */
        private Frame frameAt(long at) throws IOException {
            if (at + 5 > size) {
                return null;
            }
            long length = frameLength(at) - 4;
            if (length < 1 || length > MAX_FRAME_BYTES || at + 4 + length > size) {
                return null;
            }
            byte type = (byte) byteAt(at + 4);
            if (type != NativeProtocol.RECORD && type != NativeProtocol.HELLO) {
                return null;
            }
            byte[] body = new byte[(int) length - 1];
            long from = at + 5;
            if (from >= windowStart && from + body.length <= windowStart + window.limit()) {
                window.get((int) (from - windowStart), body);
                return new Frame(type, body);
            }
            java.nio.ByteBuffer target = java.nio.ByteBuffer.wrap(body);
            while (target.hasRemaining()) {
                int n = channel.read(target, from + target.position());
                if (n < 0) {
                    return null;
                }
            }
            return new Frame(type, body);
        }

        private int byteAt(long at) throws IOException {
            if (windowStart < 0 || at < windowStart || at >= windowStart + window.limit()) {
                window.clear();
                windowStart = at;
                while (window.hasRemaining() && channel.read(window, windowStart + window.position()) > 0) {
                    // fill
                }
                window.flip();
                if (window.limit() == 0) {
                    throw new java.io.EOFException("spool " + file + " ends at " + at);
                }
            }
            return window.get((int) (at - windowStart)) & 0xff;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
