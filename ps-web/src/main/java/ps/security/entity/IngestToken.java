package ps.security.entity;

/** A stored ingest token's description (never the token itself) and how many client ids are bound to it. */
public record IngestToken(long id, String label, long created, long clients) {
}
