package ps.bridge.api;

import java.util.List;

import ps.client.LogEntry;

/**
 * The message listener interface of PS's resource adapter: an MDB implementing it receives the records the
 * bridge's listeners decoded, in batches, one connection's batch at a time and in arrival order.
 * Returning normally means the batch is stored; the adapter acknowledges it to at-least-once clients only
 * then. Throwing means nothing of the batch may be assumed stored.
 */
public interface RecordListener {
    void onRecords(List<LogEntry> batch);
}
