package ps.batch.boundary;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Properties;

import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.sqlite.SQLiteConfig;

import ps.batch.control.OriginalRows;

/**
 * Reads the original herald's {@code log} table in id order from the database named by parameter
 * {@code source}; its checkpoint is the last id read, so a restart goes on after the last committed chunk.
 */
@Named("importReader")
@Dependent
public class ImportReader extends AbstractItemReader {
    @Inject
    JobContext jobContext;

    private Connection connection;
    private PreparedStatement select;
    private ResultSet rows;
    private long lastId;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        Properties parameters = BatchRuntime.getJobOperator().getParameters(jobContext.getExecutionId());
        String source = parameters.getProperty(Jobs.PARAMETER_PREFIX + "source");
        if (source == null || !Files.isRegularFile(Path.of(source))) {
            jobContext.setExitStatus("NO_SOURCE");
            throw new IllegalArgumentException("parameter 'source' must name an original herald SQLite file: " + source);
        }
        lastId = checkpoint == null ? 0 : (Long) checkpoint;
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        connection = config.createConnection("jdbc:sqlite:" + Path.of(source).toAbsolutePath());
        select = connection.prepareStatement("SELECT * FROM log WHERE id > ? ORDER BY id");
        select.setLong(1, lastId);
        rows = select.executeQuery();
    }

    @Override
    public Object readItem() throws Exception {
        if (!rows.next()) {
            return null;
        }
        Map<String, Object> row = OriginalRows.read(rows);
        Object id = row.get("id");
        if (id instanceof Number number) {
            lastId = number.longValue();
        }
        return new java.util.HashMap<>(row);
    }

    @Override
    public Serializable checkpointInfo() {
        return lastId;
    }

    @Override
    public void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }
}
