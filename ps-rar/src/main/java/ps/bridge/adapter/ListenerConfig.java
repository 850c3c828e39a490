package ps.bridge.adapter;

import ps.bridge.codec.HelloCheck;
import ps.bridge.codec.Input;

/** One listener's resolved settings; {@code tls}: served over TLS ({@link ServerTls}). */
record ListenerConfig(Input input, String bindAddress, int port, int maxRecordBytes, int maxConnections,
                      int idleTimeoutMillis, int recordTimeoutMillis, int batchSize, boolean tls,
                      HelloCheck helloCheck) {
    /** The largest frame read: the whole record with its envelope (pickle keys, JSON syntax, headers). */
    int maxFrameBytes() {
        return maxRecordBytes;
    }

    String address() {
        return bindAddress + ":" + port;
    }
}
