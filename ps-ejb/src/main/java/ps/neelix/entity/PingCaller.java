package ps.neelix.entity;

/** Who sends a ping, besides the token it may carry: nobody logged in, a viewer, or an admin (or PS itself). */
public enum PingCaller {
    ANONYMOUS, VIEWER, ADMIN
}
