package ps.neelix.entity;

/** A ping's kind: {@code /ping/{id}}, {@code /start}, {@code /fail}, {@code /{exit-code}}. */
public enum PingKind {
    SUCCESS, START, FAIL, EXIT_CODE
}
