package ps.herald.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import ps.client.Level;
import ps.store.entity.SeriesPoint;

/**
 * Chart series as JSON for Chart.js (and the REST API): one label per time bucket, one data set per level
 * or input with a zero where a bucket has no records. Labels are data, never markup.
 */
public final class ChartJson {
    private static final int[] WIDTHS = {1, 5, 15, 60, 180, 360, 720, 1440};

    private ChartJson() {
    }

    /** The most buckets a chart has: a range and bucket width giving more are refused. */
    public static final int MAX_BUCKETS = 10_000;

    /** A bucket width giving at most about 120 buckets over the range (whole days for ranges over 120 days). */
    public static int bucketMinutes(long from, long to) {
        long minutes = Math.max(1, (to - from) / 60_000L);
        for (int width : WIDTHS) {
            if (minutes / width <= 120) {
                return width;
            }
        }
        long days = Math.min(Integer.MAX_VALUE / 1440, (minutes / 1440 + 119) / 120);
        return (int) days * 1440;
    }

    /** How many buckets of this width [from, to) spans, as {@link #buckets} makes them. */
    public static long bucketCount(long from, long to, int bucketMinutes) {
        long width = bucketMinutes * 60_000L;
        long first = Math.floorDiv(from, width);
        long last = Math.floorDiv(to - 1, width);
        return to <= from ? 0 : last - first + 1;
    }

    /** Every bucket start in [from, to), epoch ms, aligned as the store aligns them. */
    static List<Long> buckets(long from, long to, int bucketMinutes) {
        long count = bucketCount(from, to, bucketMinutes);
        if (bucketMinutes < 1 || count > MAX_BUCKETS) {
            throw new IllegalArgumentException("a chart has at most " + MAX_BUCKETS + " buckets, not " + count);
        }
        long width = bucketMinutes * 60_000L;
        long start = Math.floorDiv(from, width) * width;
        List<Long> buckets = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            buckets.add(start + i * width);
        }
        return buckets;
    }

    /** Records per bucket, one data set per level (keys are level numbers), lowest level first. */
    public static JsonObject perLevel(List<SeriesPoint> points, long from, long to, int bucketMinutes) {
        return series(points, from, to, bucketMinutes, true);
    }

    /** Records per bucket, one data set per input. */
    public static JsonObject perInput(List<SeriesPoint> points, long from, long to, int bucketMinutes) {
        return series(points, from, to, bucketMinutes, false);
    }

    private static JsonObject series(List<SeriesPoint> points, long from, long to, int bucketMinutes, boolean levels) {
        List<Long> buckets = buckets(from, to, bucketMinutes);
        Map<Long, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < buckets.size(); i++) {
            index.put(buckets.get(i), i);
        }
        Map<String, long[]> sets = levels ? new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                : new TreeMap<>();
        for (SeriesPoint point : points) {
            Integer at = index.get(point.bucket());
            if (at != null) {
                sets.computeIfAbsent(point.key(), key -> new long[buckets.size()])[at] += point.count();
            }
        }
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder starts = Json.createArrayBuilder();
        for (long bucket : buckets) {
            labels.add(Instant.ofEpochMilli(bucket).toString());
            starts.add(bucket);
        }
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        for (Map.Entry<String, long[]> set : sets.entrySet()) {
            JsonObjectBuilder dataset = Json.createObjectBuilder();
            if (levels) {
                int levelno = Integer.parseInt(set.getKey());
                dataset.add("label", Level.ofNumber(levelno).name()).add("levelno", levelno);
            } else {
                dataset.add("label", set.getKey().isEmpty() ? "(unknown)" : set.getKey()).add("input", set.getKey());
            }
            JsonArrayBuilder data = Json.createArrayBuilder();
            for (long count : set.getValue()) {
                data.add(count);
            }
            datasets.add(dataset.add("data", data));
        }
        return Json.createObjectBuilder().add("from", Instant.ofEpochMilli(from).toString())
                .add("to", Instant.ofEpochMilli(to).toString()).add("bucketMinutes", bucketMinutes)
                .add("labels", labels).add("buckets", starts).add("datasets", datasets).build();
    }

    /** Totals per key (e.g. systems by errors), in the store's order. */
    public static JsonObject totals(List<SeriesPoint> points) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (SeriesPoint point : points) {
            labels.add(point.key());
            data.add(point.count());
        }
        return Json.createObjectBuilder().add("labels", labels).add("data", data).build();
    }
}
