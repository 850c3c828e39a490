package ps.neelix.entity;

/** The answer to a ping: refused (401 or 403, with the reason), or what the service's state is now. */
public final class PingReply {
    private final boolean authorised;
    private final String state;
    private final String kind;
    private final Long runMillis;
    private final int status;
    private final String reason;

    public PingReply(boolean authorised, String state, String kind, Long runMillis) {
        this(authorised, state, kind, runMillis, authorised ? 200 : 401, null);
    }

    private PingReply(boolean authorised, String state, String kind, Long runMillis, int status, String reason) {
        this.authorised = authorised;
        this.state = state;
        this.kind = kind;
        this.runMillis = runMillis;
        this.status = status;
        this.reason = reason;
    }

    /** @param status 401 (no credentials that count) or 403 (known caller, not allowed) */
    public static PingReply refused(int status, String reason) {
        return new PingReply(false, null, null, null, status, reason);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
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
