package ps.bridge.boundary;

import java.util.List;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import ps.bridge.api.RecordListener;
import ps.client.LogEntry;
import ps.store.boundary.LogStore;

/**
 * Receives the bridge's decoded records from the resource adapter and stores them. It returns only once
 * the batch is committed, so the adapter can acknowledge it to the client. Not transacted: the store
 * commits its own batched transaction.
 */
@MessageDriven(name = "Ingestion", activationConfig = {
    @ActivationConfigProperty(propertyName = "inputs", propertyValue = "native,pickle,gelf,syslog")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Ingestion implements RecordListener {
    @Inject
    LogStore store;

    @Override
    public void onRecords(List<LogEntry> batch) {
        store.append(batch);
    }
}
