package ps.neelix.entity;

/** A ping a node not holding the cluster's lease authorised and left for the holder ({@code neelix_ping_inbox}). */
public record ForwardedPing(long id, String service, long at, PingKind kind, Integer exitCode, String body) {
}
