package ps.bridge.adapter;

import ps.bridge.codec.Input;

/** One listener's resolved settings. */
record ListenerConfig(Input input, String bindAddress, int port, int maxRecordBytes, int maxConnections,
                      int idleTimeoutMillis, int batchSize) {

    String address() {
        return bindAddress + ":" + port;
    }
}
