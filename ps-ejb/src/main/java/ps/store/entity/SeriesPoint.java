package ps.store.entity;

/** A count of records for one key (a level, a system, an input) in one time bucket (epoch ms of its start; 0 for totals). */
public final class SeriesPoint {
    private final long bucket;
    private final String key;
    private final long count;

    public SeriesPoint(long bucket, String key, long count) {
        this.bucket = bucket;
        this.key = key;
        this.count = count;
    }

    public long bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    public long count() {
        return count;
    }
}
