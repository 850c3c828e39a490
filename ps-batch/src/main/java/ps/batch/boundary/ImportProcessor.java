package ps.batch.boundary;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.batch.control.OriginalRows;

/** One original row → one PS record; a bad row throws {@link ps.batch.control.BadRowException}, which the step skips. */
@Named("importProcessor")
@Dependent
public class ImportProcessor implements ItemProcessor {
    @Inject
    JobContext jobContext;

    private String clientId;

    @Override
    @SuppressWarnings("unchecked")
    public Object processItem(Object item) throws Exception {
        if (clientId == null) {
            Properties parameters = BatchRuntime.getJobOperator().getParameters(jobContext.getExecutionId());
            clientId = "import:" + Path.of(parameters.getProperty(Jobs.PARAMETER_PREFIX + "source")).toAbsolutePath().normalize();
        }
        return OriginalRows.toEntry((Map<String, Object>) item, clientId, ZoneId.systemDefault(), System.currentTimeMillis());
    }
}
