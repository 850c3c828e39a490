package ps.bridge.boundary;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import ps.bridge.api.RecordListener;
import ps.client.LogEntry;
import ps.store.boundary.LogStore;

/**
 * Receives the bridge's decoded records from the resource adapter and hands them to the store's writer;
 * the returned stage completes once the batch is committed, and the adapter acknowledges it to the client
 * only then. Not transacted: the store commits its own batched transaction.
 */
@MessageDriven(name = "Ingestion", activationConfig = {
    @ActivationConfigProperty(propertyName = "inputs", propertyValue = "native,pickle,gelf,syslog")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Ingestion implements RecordListener {
    @Inject
    LogStore store;

    @Override
    public CompletionStage<Void> onRecords(List<LogEntry> batch) {
        return store.appendAsync(batch);
    }
}
