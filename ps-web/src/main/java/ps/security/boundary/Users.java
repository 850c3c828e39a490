package ps.security.boundary;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ps.db.Db;
import ps.db.DatabaseException;
import ps.db.SqlWork;

import ps.security.control.ApiTokens;
import ps.security.control.PasswordHash;
import ps.security.control.UserTable;
import ps.security.entity.ApiToken;
import ps.security.entity.User;

/**
 * The users of console and API (table {@code users}, see docs/security.md). At start-up the {@code admin}
 * user gets the password of the setting PS_ADMIN_PASSWORD; without that setting the first start creates
 * it with a random password written to a 0600 file in the data directory (and the terminal, if any), never the log.
 * <p>
 * PBKDF2 with 210,000 iterations costs a noticeable fraction of a second, too much for every API call
 * with HTTP Basic. So a successful check is remembered for a few minutes as an HMAC of the password under
 * a key that exists only in this process's memory; changing or deleting the user forgets it.
 */
@Singleton
@Startup
@DependsOn("LogStore")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Users {
    private static final Logger LOG = Logger.getLogger("ps.security");
    static final String ADMIN = "admin";
    private static final long REMEMBER_MILLIS = 5 * 60_000;

    @Inject
    Db db;

    @Inject
    @ConfigProperty(name = "ps.admin.password")
    Optional<String> adminPassword;

    @Inject
    ps.settings.PsSettings settings;

    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();
    private final byte[] rememberKey = new byte[32];

    @PostConstruct
    void ensureAdmin() {
        new SecureRandom().nextBytes(rememberKey);
        long now = System.currentTimeMillis();
        String configured = adminPassword.filter(password -> !password.isBlank()).orElse(null);
        if (configured != null) {
            User.checkPassword(configured);
            boolean existed = write(connection -> {
                UserTable table = new UserTable(connection);
                boolean exists = table.find(ADMIN).isPresent();
                table.save(ADMIN, User.ADMIN, PasswordHash.hash(configured), now);
                return exists;
            });
            LOG.info(() -> "PS: user admin " + (existed ? "has" : "created with") + " the password of PS_ADMIN_PASSWORD");
            return;
        }
        String random = PasswordHash.randomPassword();
        boolean created = write(connection -> {
            UserTable table = new UserTable(connection);
            if (table.find(ADMIN).isPresent()) {
                return false;
            }
            table.save(ADMIN, User.ADMIN, PasswordHash.hash(random), now);
            return true;
        });
        if (created) {
            java.nio.file.Path file = settings.dataDir().resolve(PASSWORD_FILE);
            try {
                writePrivately(file, random + "\n");
            } catch (java.io.IOException e) {
                throw new IllegalStateException("PS cannot write the new admin password to " + file
                        + " (setting PS_DATA_DIR): " + e.getMessage(), e);
            }
            // the terminal, when there is one (never the log: logs are collected and kept)
            java.io.Console console = System.console();
            if (console != null) {
                console.printf("PS created the user admin with the password %s (also in %s)%n", random, file);
                console.flush();
            }
            LOG.warning("PS created the user admin; its password is in " + file + " (readable by PS's own user"
                    + " only; delete it once read, or set PS_ADMIN_PASSWORD to choose one)");
        }
    }

    static final String PASSWORD_FILE = "admin-password.txt";

    /** Creates the file with permissions 0600 from the start (where the file system has them), or replaces it. */
    static void writePrivately(java.nio.file.Path file, String text) throws java.io.IOException {
        java.nio.file.Files.deleteIfExists(file);
        try {
            java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            java.nio.file.Files.createFile(file);
        }
        java.nio.file.Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The user with this name and password, if both match. */
    public Optional<User> authenticate(String name, String password) {
        if (name == null || password == null) {
            return Optional.empty();
        }
        String fingerprint = fingerprint(name, password);
        Remembered remembered = verified.get(name);
        if (remembered != null && remembered.expires > System.currentTimeMillis()
                && MessageDigest.isEqual(remembered.fingerprint.getBytes(StandardCharsets.UTF_8),
                        fingerprint.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(remembered.user);
        }
        Optional<String> hash = db.read(connection -> new UserTable(connection).passwordHash(name));
        if (hash.isEmpty()) {
            PasswordHash.verify(password, PasswordHash.UNMATCHABLE); // same cost whether or not the user exists
            return Optional.empty();
        }
        if (!PasswordHash.verify(password, hash.get())) {
            return Optional.empty();
        }
        Optional<User> user = find(name);
        user.ifPresent(found -> remember(name, new Remembered(found, fingerprint, System.currentTimeMillis() + REMEMBER_MILLIS)));
        return user;
    }

    /**
     * Only checks that succeeded are remembered, one per existing user, so the map is as big as the users
     * table at most; the bound is a second line should that ever change.
     */
    private void remember(String name, Remembered remembered) {
        if (verified.size() >= MAX_REMEMBERED) {
            long now = System.currentTimeMillis();
            verified.values().removeIf(entry -> entry.expires <= now);
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
        }
        verified.put(name, remembered);
    }

    private static final int MAX_REMEMBERED = 10_000;

    /** The owner of an API token. */
    public Optional<User> authenticateToken(String token) {
        if (token == null || !token.startsWith(ApiTokens.PREFIX)) {
            return Optional.empty();
        }
        String hash = ApiTokens.hash(token);
        return db.read(connection -> new UserTable(connection).findByToken(hash));
    }

    public Optional<User> find(String name) {
        return db.read(connection -> new UserTable(connection).find(name));
    }

    public List<User> list() {
        return db.read(connection -> new UserTable(connection).list());
    }

    /**
     * Creates a user.
     *
     * @throws IllegalArgumentException for a bad name, role or password, or a name already taken
     */
    public User create(String name, String role, String password) {
        User.checkName(name);
        User.checkRole(role);
        String hash = PasswordHash.hash(User.checkPassword(password));
        long now = System.currentTimeMillis();
        boolean created = write(connection -> {
            UserTable table = new UserTable(connection);
            if (table.find(name).isPresent()) {
                return false;
            }
            table.save(name, role, hash, now);
            return true;
        });
        if (!created) {
            throw new IllegalArgumentException("user " + name + " exists already");
        }
        return find(name).orElseThrow();
    }

    /**
     * Changes role and/or password (null keeps it).
     *
     * @return false when there is no such user
     * @throws IllegalArgumentException for a bad role or password, or when the last admin would lose the role
     */
    public boolean update(String name, String role, String password) {
        if (role != null) {
            User.checkRole(role);
        }
        String hash = password == null ? null : PasswordHash.hash(User.checkPassword(password));
        long now = System.currentTimeMillis();
        return change(name, (table, user) -> {
            if (User.VIEWER.equals(role) && User.ADMIN.equals(user.getRole()) && table.countAdmins() <= 1) {
                throw new IllegalArgumentException("user " + name + " is the last admin");
            }
            return table.update(name, role, hash, now);
        });
    }

    /**
     * Deletes a user and their tokens.
     *
     * @return false when there is no such user
     * @throws IllegalArgumentException for the last admin
     */
    public boolean delete(String name) {
        return change(name, (table, user) -> {
            if (User.ADMIN.equals(user.getRole()) && table.countAdmins() <= 1) {
                throw new IllegalArgumentException("user " + name + " is the last admin");
            }
            return table.delete(name);
        });
    }

    /** A change to an existing user (false when there is none) that forgets their remembered password check. */
    private boolean change(String name, UserChange change) {
        try {
            return write(connection -> {
                UserTable table = new UserTable(connection);
                Optional<User> user = table.find(name);
                return user.isPresent() && change.apply(table, user.get());
            });
        } finally {
            // after the write too: a check that read the old hash while it ran must not stay remembered
            verified.remove(name);
        }
    }

    @FunctionalInterface
    private interface UserChange {
        boolean apply(UserTable table, User user) throws java.sql.SQLException;
    }

    /**
     * Creates an API token for the user.
     *
     * @return the token, which is not stored and cannot be shown again
     */
    public String createToken(String user, String label) {
        String token = ApiTokens.newToken();
        String hash = ApiTokens.hash(token);
        String name = label == null || label.isBlank() ? "token" : label.strip();
        long now = System.currentTimeMillis();
        boolean created = write(connection -> {
            UserTable table = new UserTable(connection);
            if (table.find(user).isEmpty()) {
                return false;
            }
            table.addToken(user, name.length() > 100 ? name.substring(0, 100) : name, hash, now);
            return true;
        });
        if (!created) {
            throw new IllegalArgumentException("no user " + user);
        }
        return token;
    }

    public List<ApiToken> tokens(String user) {
        return db.read(connection -> new UserTable(connection).tokens(user));
    }

    public boolean deleteToken(String user, long id) {
        return write(connection -> new UserTable(connection).deleteToken(user, id));
    }

    /** A write on the single writer; a refusal (IllegalArgumentException) inside it comes out as itself. */
    private <T> T write(SqlWork<T> work) {
        try {
            return db.write(work);
        } catch (DatabaseException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw refused;
            }
            throw e;
        }
    }

    private String fingerprint(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(rememberKey, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal((name + "\u0000" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Remembered {
        final User user;
        final String fingerprint;
        final long expires;

        Remembered(User user, String fingerprint, long expires) {
            this.user = user;
            this.fingerprint = fingerprint;
            this.expires = expires;
        }
    }
}
