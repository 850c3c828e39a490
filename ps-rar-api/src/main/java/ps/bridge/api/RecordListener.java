package ps.bridge.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

import ps.client.LogEntry;

/**
 * The message listener interface of PS's resource adapter: an MDB implementing it receives the records the
 * bridge's listeners decoded, in batches, in arrival order per connection. It returns once the batch is
 * accepted for storing (it may block while the store is behind: that slows the sender); the returned stage
 * completes when the batch is stored, and only then does the adapter acknowledge it to at-least-once
 * clients. Completing exceptionally, or throwing, means nothing of the batch may be assumed stored.
 */
public interface RecordListener {
    CompletionStage<Void> onRecords(List<LogEntry> batch);
}
