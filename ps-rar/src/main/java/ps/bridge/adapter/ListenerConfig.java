package ps.bridge.adapter;

import ps.bridge.codec.Input;

/** One listener's resolved settings. */
record ListenerConfig(Input input, String bindAddress, int port, int maxRecordBytes, int maxConnections,
                      int idleTimeoutMillis, int recordTimeoutMillis, int batchSize) {
    /** Room for a frame's envelope (pickle keys, JSON syntax, headers) around a record's content. */
    static final int ENVELOPE_BYTES = 64 * 1024;

    /** The largest frame read: the record limit plus its envelope, so a record of exactly the limit fits. */
    int maxFrameBytes() {
        return maxRecordBytes + ENVELOPE_BYTES;
    }

    String address() {
        return bindAddress + ":" + port;
    }
}
