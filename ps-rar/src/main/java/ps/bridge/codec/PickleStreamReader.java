package ps.bridge.codec;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import ps.client.LogEntry;
import ps.client.wire.ProtocolException;

/**
 * Reads Python's {@code logging.handlers.SocketHandler} stream: each record a 4-byte big-endian length and
 * that many bytes of a pickled {@code LogRecord.__dict__}. Not thread-safe: one reader per connection.
 * After an exception the stream is out of step with the frames: close the connection.
 */
public final class PickleStreamReader implements RecordReader {
    /** Frames up to this size reuse one buffer; larger ones get their own, so idle connections stay small. */
    private static final int REUSED_BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private final int maxFrameBytes;
    private final byte[] header = new byte[4];
    private byte[] buffer;

    public PickleStreamReader(InputStream in, int maxFrameBytes) {
        Objects.requireNonNull(in, "in");
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, not " + maxFrameBytes);
        }
        this.in = in instanceof BufferedInputStream || in instanceof ByteArrayInputStream
                ? in : new BufferedInputStream(in, 16 * 1024);
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public LogEntry next() throws IOException {
        int got = in.readNBytes(header, 0, 4);
        if (got == 0) {
            return null;
        }
        if (got < 4) {
            throw new ProtocolException("truncated frame: end of stream after " + got + " of 4 length bytes");
        }
        long length = (header[0] & 0xffL) << 24 | (header[1] & 0xff) << 16 | (header[2] & 0xff) << 8
                | (header[3] & 0xff);
        if (length == 0) {
            throw new ProtocolException("empty frame: length 0");
        }
        if (length > maxFrameBytes) {
            throw new ProtocolException("frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
        }
        int size = (int) length;
        byte[] body = body(size);
        int read = in.readNBytes(body, 0, size);
        if (read < size) {
            throw new ProtocolException("truncated frame: end of stream after " + read + " of " + size + " bytes");
        }
        Map<?, ?> record = (Map<?, ?>) PickleDecoder.decode(body, 0, size);
        return PickleRecordMapper.map(record);
    }

    private byte[] body(int size) {
        if (size > REUSED_BUFFER_BYTES) {
            return new byte[size];
        }
        if (buffer == null || buffer.length < size) {
            int grown = buffer == null ? 4096 : buffer.length * 2;
            buffer = new byte[Math.min(REUSED_BUFFER_BYTES, Math.max(size, grown))];
        }
        return buffer;
    }
}
