package ps.store.entity;

/** A version of a system as seen in its records: when first and last, and how many records. */
public final class ServiceVersion {
    private final String system;
    private final String version;
    private final long firstSeen;
    private final long lastSeen;
    private final long records;

    public ServiceVersion(String system, String version, long firstSeen, long lastSeen, long records) {
        this.system = system;
        this.version = version;
        this.firstSeen = firstSeen;
        this.lastSeen = lastSeen;
        this.records = records;
    }

    public String system() {
        return system;
    }

    public String version() {
        return version;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public long records() {
        return records;
    }
}
