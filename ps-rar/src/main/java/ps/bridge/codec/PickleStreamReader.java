package ps.bridge.codec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import ps.client.LogEntry;
import ps.client.wire.ProtocolException;

/**
 * Reads Python's {@code logging.handlers.SocketHandler} stream: each record a 4-byte big-endian length and
 * that many bytes of a pickled {@code LogRecord.__dict__}. Not thread-safe: one reader per connection.
 * A frame read whole but refused (a forbidden opcode, a bad shape) throws {@link RefusedRecord}: the stream
 * is still in step. After any other exception it is not: close the connection.
 */
public final class PickleStreamReader implements RecordReader {
    private final FrameInput input;
    private final int maxFrameBytes;
    private final TextCache texts = new TextCache();
    private final PickleRecordMapper.Context context = new PickleRecordMapper.Context();

    public PickleStreamReader(InputStream in, int maxFrameBytes) {
        Objects.requireNonNull(in, "in");
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive, not " + maxFrameBytes);
        }
        this.input = new FrameInput(in);
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public boolean hasBuffered() {
        return input.hasBuffered();
    }

    @Override
    public LogEntry next() throws IOException {
        long length = 0;
        for (int i = 0; i < 4; i++) {
            int b = input.read();
            if (b < 0) {
                if (i == 0) {
                    return null;
                }
                throw new ProtocolException("truncated frame: end of stream after " + i + " of 4 length bytes");
            }
            length = length << 8 | b;
        }
        if (length == 0) {
            throw new ProtocolException("empty frame: length 0");
        }
        if (length > maxFrameBytes) {
            throw new ProtocolException("frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
        }
        int size = (int) length;
        if (!input.readExactly(size)) {
            throw new ProtocolException("truncated frame: end of stream after " + input.length() + " of " + size + " bytes");
        }
        byte[] bytes = input.bytes();
        int offset = input.offset();
        try {
            return DecodeGate.decode(size, () -> PickleRecordMapper.map((Map<?, ?>) PickleDecoder.decode(bytes, offset, size, texts),
                    context));
        } catch (RefusedRecord e) {
            throw e;
        } catch (ProtocolException e) {
            throw new RefusedRecord(e.getMessage());
        }
    }
}
