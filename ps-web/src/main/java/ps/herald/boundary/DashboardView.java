package ps.herald.boundary;

import java.io.Serializable;
import java.util.List;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import ps.client.Level;
import ps.herald.control.ChartJson;
import ps.store.boundary.LogStore;

/**
 * The dashboard: records per time bucket by level (stacked), top systems by errors, ingestion per input,
 * over the range in the URL ({@code ?range=1h|24h|7d}). The series go to the page as JSON in hidden
 * fields, and Chart.js (from the webjar) draws them on canvases: data is never turned into markup.
 */
@Named
@ViewScoped
public class DashboardView implements Serializable {
    private static final long serialVersionUID = 1L;
    static final List<String> RANGES = List.of("1h", "24h", "7d");

    @Inject
    transient LogStore store;

    private String range = "24h";
    private long from;
    private long to;
    private int bucket;

    public void load() {
        if (!RANGES.contains(range)) {
            range = "24h";
        }
        to = System.currentTimeMillis();
        from = to - LogsView.rangeMillis(range);
        bucket = ChartJson.bucketMinutes(from, to);
    }

    public String getLevelsJson() {
        return ChartJson.perLevel(store.perLevel(from, to, bucket, null), from, to, bucket).toString();
    }

    public String getTopJson() {
        return ChartJson.totals(store.topSystems(from, to, Level.ERROR.number(), 10)).toString();
    }

    public String getInputsJson() {
        return ChartJson.perInput(store.perInput(from, to, bucket), from, to, bucket).toString();
    }

    public String getFrom() {
        return java.time.Instant.ofEpochMilli(from).toString();
    }

    public String getTo() {
        return java.time.Instant.ofEpochMilli(to).toString();
    }

    public List<String> getRanges() {
        return RANGES;
    }

    public String getRange() {
        return range;
    }

    public void setRange(String range) {
        this.range = range;
    }
}
