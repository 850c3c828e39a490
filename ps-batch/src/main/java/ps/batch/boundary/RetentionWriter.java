package ps.batch.boundary;

import java.util.List;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.store.boundary.LogStore;

/** Deletes one slice of old records per item, each its own short write on the store's writer. */
@Named("retentionWriter")
@Dependent
public class RetentionWriter extends AbstractItemWriter {
    static final int SLICE = 5_000;

    @Inject
    JobContext jobContext;

    @Inject
    LogStore store;

    private long deleted;

    @Override
    public void writeItems(List<Object> items) {
        for (Object cutoff : items) {
            int count = store.deleteSlice((Long) cutoff, SLICE);
            deleted += count;
            if (count < SLICE) {
                store.trimDerived((Long) cutoff);
                jobContext.setTransientUserData(Boolean.TRUE);
                jobContext.setExitStatus("DELETED " + deleted);
                return;
            }
        }
    }
}
