package ps.bridge.codec;

public interface RecordReader {
    /** @return the next record, or null at a clean end of stream between records */
    ps.client.LogEntry next() throws java.io.IOException;

    /** Whether bytes of the next record are already buffered inside the reader (beyond the stream's). */
    default boolean hasBuffered() {
        return false;
    }
}
