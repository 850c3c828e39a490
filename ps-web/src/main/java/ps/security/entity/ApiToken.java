package ps.security.entity;

/** A stored API token's description (never the token itself, which is shown once at creation). */
public final class ApiToken {
    private final long id;
    private final String user;
    private final String label;
    private final long created;

    public ApiToken(long id, String user, String label, long created) {
        this.id = id;
        this.user = user;
        this.label = label;
        this.created = created;
    }

    public long getId() {
        return id;
    }

    public String getUser() {
        return user;
    }

    public String getLabel() {
        return label;
    }

    public long getCreated() {
        return created;
    }
}
