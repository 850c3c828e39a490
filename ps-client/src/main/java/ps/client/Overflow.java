package ps.client;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Predicate;

import ps.client.wire.NativeProtocol;
import ps.client.wire.ProtocolException;

/**
 * Records the sender had no room for, on disk in arrival order until it has. Unlike the {@link Spool}
 * they are not numbered yet: the sender numbers them when it takes them, so the sequence stays in order
 * however long a burst overflows. The file is an 8-byte offset of the first record not yet handed on,
 * then RECORD frames of the native protocol; it shrinks back to its header whenever it runs empty, and
 * records left in it when the application stops are handed on after its next start. A file lock keeps two
 * processes apart (the second one takes {@code <file>.1}, and so on). Not thread-safe: one thread uses it.
 */
final class Overflow implements AutoCloseable {
    private static final int HEADER = 8;
    private static final int READ_CHUNK = 256 * 1024;
    private static final int MAX_FRAME_BYTES = 64 << 20;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final long maxBytes;
    private final ByteBuffer offsetBuffer = ByteBuffer.allocate(HEADER);
    /** Reused by every append, so a batch costs no new buffer (nor a copy of it) but when it grows. */
    private final Bytes bytes = new Bytes();
    private final DataOutputStream out = new DataOutputStream(bytes);
    /** File bytes from {@link #readOffset} on, past {@link #head} when it is set. */
    private ByteBuffer in = ByteBuffer.allocate(READ_CHUNK).limit(0);
    /** The next record, parsed, when the taker refused it last time; and its size in the file. */
    private LogEntry head;
    private int headBytes;
    private long readOffset = HEADER;
    private long size = HEADER;
    /** Read by other threads for counting only. */
    private volatile long records;

    private Overflow(Path file, FileChannel channel, FileLock lock, long maxBytes) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.maxBytes = maxBytes;
    }

    static Overflow open(Path file, long maxBytes) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        for (int n = 0; n < 100; n++) {
            Path candidate = n == 0 ? absolute : absolute.resolveSibling(absolute.getFileName() + "." + n);
            FileChannel channel = FileChannel.open(candidate, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                continue;
            }
            Overflow overflow = new Overflow(candidate, channel, lock, maxBytes);
            overflow.recover();
            return overflow;
        }
        throw new IOException("no free overflow file next to " + absolute);
    }

    /** Reads the offset and counts the records after it; a frame torn by a crash while appending is cut off. */
    private void recover() throws IOException {
        long length = channel.size();
        if (length >= HEADER) {
            offsetBuffer.clear();
            channel.read(offsetBuffer, 0);
            long offset = offsetBuffer.flip().getLong();
            readOffset = offset >= HEADER && offset <= length ? offset : HEADER;
        }
        long position = readOffset;
        ByteBuffer prefix = ByteBuffer.allocate(4);
        while (position + 4 <= length) {
            prefix.clear();
            channel.read(prefix, position);
            int frame = prefix.flip().getInt();
            if (frame < 1 || frame > MAX_FRAME_BYTES || position + 4 + frame > length) {
                break;
            }
            position += 4 + frame;
            records++;
        }
        size = position;
        if (records == 0) {
            reset();
        } else {
            channel.truncate(size);
        }
    }

    boolean isEmpty() {
        return records == 0;
    }

    long records() {
        return records;
    }

    Path file() {
        return file;
    }

    /**
     * Appends entries at the end. The file is not synced: it is a buffer for a burst, which a crash of the
     * application leaves intact in the page cache; syncing every batch cost the logging thread milliseconds.
     *
     * @return how many were kept: fewer than given when the size limit is reached
     */
    int append(List<LogEntry> entries) throws IOException {
        bytes.reset();
        int kept = 0;
        for (LogEntry entry : entries) {
            if (size + bytes.size() >= maxBytes) {
                break;
            }
            if (entry.seq() < 1) {
                entry.seq(1); // the wire format wants one; the sender renumbers the entry when it takes it
            }
            NativeProtocol.writeRecord(out, entry);
            kept++;
        }
        out.flush();
        ByteBuffer buffer = bytes.buffer();
        long position = size;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        size = position;
        records += kept;
        return kept;
    }

    /**
     * Hands records on, oldest first, while {@code taker} accepts them. The file is read in chunks kept in
     * {@link #in}, and a record the taker refused is kept parsed for the next call, so that calling this
     * often while the taker is full costs next to nothing.
     *
     * @return how many were handed on
     */
    int feed(Predicate<LogEntry> taker) throws IOException {
        int handed = 0;
        while (records > 0) {
            if (head == null) {
                head = readNext();
            }
            if (!taker.test(head)) {
                break;
            }
            head = null;
            handed++;
            records--;
            readOffset += headBytes;
        }
        if (records == 0) {
            reset();
        } else if (handed > 0) {
            writeOffset();
        }
        return handed;
    }

    /** Takes the record at {@link #readOffset}, reading the file as needed; sets {@link #headBytes}. */
    private LogEntry readNext() throws IOException {
        ensure(4);
        int length = in.getInt(in.position());
        if (length < 1 || length > MAX_FRAME_BYTES) {
            throw new ProtocolException("overflow file " + file + " holds a frame of length " + length);
        }
        ensure(4 + length);
        if (in.get(in.position() + 4) != NativeProtocol.RECORD) {
            throw new ProtocolException("overflow file " + file + " holds a frame that is no RECORD");
        }
        byte[] body = new byte[length - 1];
        in.position(in.position() + 5);
        in.get(body);
        headBytes = 4 + length;
        NativeProtocol.checkRecord(body);
        return LogEntry.ofRecordBody(body); // sent as these bytes: not decoded, not encoded again
    }

    /** Makes {@link #in} hold at least {@code bytes} bytes from the file, starting at the next record. */
    private void ensure(int bytes) throws IOException {
        if (in.remaining() >= bytes) {
            return;
        }
        long position = readOffset + in.remaining();
        if (bytes > in.capacity()) {
            in = ByteBuffer.allocate(bytes).put(in);
        } else {
            in.compact();
        }
        while (in.position() < bytes) {
            int read = channel.read(in, position);
            if (read <= 0) {
                throw new ProtocolException("overflow file " + file + " ends inside a record");
            }
            position += read;
        }
        in.flip();
    }

    /**
     * Empties the file after it proved unreadable.
     *
     * @return how many records were in it
     */
    int discard() {
        int count = (int) records;
        records = 0;
        try {
            reset();
        } catch (IOException e) {
            // the next append starts after whatever is left; the records count is what matters
        }
        return count;
    }

    private void reset() throws IOException {
        in.clear().limit(0);
        head = null;
        channel.truncate(HEADER);
        readOffset = HEADER;
        size = HEADER;
        writeOffset();
    }

    private void writeOffset() throws IOException {
        offsetBuffer.clear().putLong(readOffset).flip();
        channel.write(offsetBuffer, 0);
    }

    /** A byte array stream whose content is written without copying it. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(256 * 1024);
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    /** Closes the file; an empty one leaves nothing behind. */
    @Override
    public void close() throws IOException {
        boolean empty = records == 0;
        try {
            if (!empty) {
                writeOffset();
                channel.force(false);
            }
        } finally {
            lock.release();
            channel.close();
            if (empty) {
                Files.deleteIfExists(file);
            }
        }
    }
}
