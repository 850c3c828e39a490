package ps.neelix.entity;

/** The answer to a ping: refused, or what the service's state is now. */
public final class PingReply {
    private final boolean authorised;
    private final String state;
    private final String kind;
    private final Long runMillis;

    public PingReply(boolean authorised, String state, String kind, Long runMillis) {
        this.authorised = authorised;
        this.state = state;
        this.kind = kind;
        this.runMillis = runMillis;
    }

    public static PingReply refused() {
        return new PingReply(false, null, null, null);
    }

    public boolean authorised() {
        return authorised;
    }

    public String state() {
        return state;
    }

    public String kind() {
        return kind;
    }

    /** The run time a start + success (or fail) measured; null otherwise. */
    public Long runMillis() {
        return runMillis;
    }
}
