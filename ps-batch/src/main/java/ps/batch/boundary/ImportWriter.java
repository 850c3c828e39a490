package ps.batch.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.client.LogEntry;
import ps.store.boundary.LogStore;

/**
 * Stores a chunk of imported records through the store's one writer. Parameter {@code fail_at} (a row id)
 * makes the chunk holding that row fail before it is stored: an injected failure for testing restarts.
 */
@Named("importWriter")
@Dependent
public class ImportWriter extends AbstractItemWriter {
    @Inject
    JobContext jobContext;

    @Inject
    LogStore store;

    @Override
    public void writeItems(List<Object> items) throws Exception {
        Properties parameters = BatchRuntime.getJobOperator().getParameters(jobContext.getExecutionId());
        String failAt = parameters.getProperty(Jobs.PARAMETER_PREFIX + "fail_at");
        List<LogEntry> batch = new ArrayList<>(items.size());
        for (Object item : items) {
            LogEntry entry = (LogEntry) item;
            if (failAt != null && !failAt.isBlank() && entry.seq() == Long.parseLong(failAt.trim())) {
                jobContext.setExitStatus("INJECTED_FAILURE at row " + failAt);
                throw new IllegalStateException("injected failure at row " + failAt + " (parameter fail_at)");
            }
            batch.add(entry);
        }
        store.append(batch);
    }
}
