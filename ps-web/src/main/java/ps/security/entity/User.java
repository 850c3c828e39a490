package ps.security.entity;

import java.util.Set;

/** A console and API user: a name and one role; an admin may do everything a viewer may. */
public final class User {
    public static final String VIEWER = "viewer";
    public static final String ADMIN = "admin";

    private final String name;
    private final String role;
    private final long created;
    private final long updated;
    private final String passwordStamp;

    public User(String name, String role, long created, long updated) {
        this(name, role, created, updated, "");
    }

    /** @param passwordStamp changes whenever the password does (see {@link #getPasswordStamp()}) */
    public User(String name, String role, long created, long updated, String passwordStamp) {
        this.name = name;
        this.role = role;
        this.created = created;
        this.updated = updated;
        this.passwordStamp = passwordStamp;
    }

    /** @throws IllegalArgumentException unless the role is viewer or admin */
    public static String checkRole(String role) {
        if (!VIEWER.equals(role) && !ADMIN.equals(role)) {
            throw new IllegalArgumentException("role must be viewer or admin, not '" + role + "'");
        }
        return role;
    }

    /** @throws IllegalArgumentException unless the name is 1..64 letters, digits, '.', '_', '-' or '@' */
    public static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new IllegalArgumentException("a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'");
        }
        return name;
    }

    /** @throws IllegalArgumentException for a password shorter than 8 characters */
    public static String checkPassword(String password) {
        if (password == null || password.length() < 8) {
            throw new IllegalArgumentException("a password has at least 8 characters");
        }
        return password;
    }

    /** The groups the container maps to roles: an admin is in both. */
    public Set<String> groups() {
        return ADMIN.equals(role) ? Set.of(ADMIN, VIEWER) : Set.of(VIEWER);
    }

    public String getName() {
        return name;
    }

    public String getRole() {
        return role;
    }

    public long getCreated() {
        return created;
    }

    public long getUpdated() {
        return updated;
    }

    /**
     * A short digest of the stored password hash (which has a fresh salt each time): a session remembers it
     * at login and ends when it no longer matches, i.e. once the password was changed.
     */
    public String getPasswordStamp() {
        return passwordStamp;
    }
}
