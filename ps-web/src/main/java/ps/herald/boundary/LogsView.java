package ps.herald.boundary;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

import ps.herald.control.LogLine;
import ps.settings.PsSettings;
import ps.store.boundary.LogStore;
import ps.store.entity.LogFilter;

/** The log page: the newest records in a lazy, server-side paged table; each user has their own view. */
@Named
@ViewScoped
public class LogsView implements Serializable {
    private static final long serialVersionUID = 1L;
    /** A lazy table asks for a row count; counting is capped so it stays cheap on a large table. */
    private static final long COUNT_CAP = 100_000;

    @Inject
    transient LogStore store;

    @Inject
    transient PsSettings settings;

    private LazyDataModel<LogLine> records;
    private String stage;

    @PostConstruct
    void init() {
        stage = settings.stage().name();
        records = new LazyDataModel<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public int count(Map<String, FilterMeta> filterBy) {
                return (int) store.count(new LogFilter(), COUNT_CAP);
            }

            @Override
            public List<LogLine> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                      Map<String, FilterMeta> filterBy) {
                boolean ascending = sortBy.values().stream().anyMatch(sort -> sort.getOrder() == SortOrder.ASCENDING);
                LogFilter filter = new LogFilter().offset(first).limit(Math.max(1, pageSize)).ascending(ascending);
                return store.find(filter).stream().map(LogLine::new).toList();
            }

            @Override
            public String getRowKey(LogLine line) {
                return Long.toString(line.getId());
            }
        };
    }

    public LazyDataModel<LogLine> getRecords() {
        return records;
    }

    public String getStage() {
        return stage;
    }
}
