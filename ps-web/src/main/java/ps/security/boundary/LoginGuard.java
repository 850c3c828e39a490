package ps.security.boundary;

import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.security.control.LoginThrottle;
import ps.security.entity.User;
import ps.store.boundary.LogStore;

/**
 * Throttles password logins (HTTP Basic and the login form) per user name and per client address, see
 * {@link LoginThrottle}; a lock is logged once and stored as a WARNING record of system {@code ps}, so it
 * shows in the console like any other record. Settings: PS_LOGIN_FREE_FAILURES, PS_LOGIN_LOCKOUT_FAILURES,
 * PS_LOGIN_LOCKOUT_MINUTES (docs/security.md).
 */
@ApplicationScoped
public class LoginGuard {
    private static final Logger LOG = Logger.getLogger("ps.security");
    /** The system id of PS's own records. */
    static final String OWN_SYSTEM = "ps";
    private static final int MAX_ENTRIES = 10_000;

    @Inject
    LogStore store;

    @Inject
    ps.settings.PsSettings settings;

    @Inject
    @ConfigProperty(name = "ps.login.free.failures", defaultValue = "5")
    int freeFailures;

    @Inject
    @ConfigProperty(name = "ps.login.lockout.failures", defaultValue = "10")
    int lockoutFailures;

    @Inject
    @ConfigProperty(name = "ps.login.lockout.minutes", defaultValue = "15")
    int lockoutMinutes;

    private LoginThrottle throttle;

    @PostConstruct
    void start() {
        try {
            throttle = new LoginThrottle(freeFailures, lockoutFailures, 1_000, lockoutMinutes * 60_000L, MAX_ENTRIES);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PS cannot start: settings PS_LOGIN_FREE_FAILURES (" + freeFailures
                    + "), PS_LOGIN_LOCKOUT_FAILURES (" + lockoutFailures + ") and PS_LOGIN_LOCKOUT_MINUTES ("
                    + lockoutMinutes + ") need 0 <= free < lockout and at least one minute", e);
        }
    }

    /** Null when the password of this user from this address may be checked now, else the refusal. */
    public LoginThrottle.Refusal check(String user, String address) {
        return throttle.check(user, address, System.currentTimeMillis());
    }

    public void succeeded(String user) {
        throttle.succeeded(user);
    }

    /** Counts a wrong password; a lock it causes is logged once and stored as a record. */
    public void failed(String user, String address) {
        long now = System.currentTimeMillis();
        List<LoginThrottle.Lock> locks = throttle.failed(user, address, now);
        for (LoginThrottle.Lock lock : locks) {
            String what = "user".equals(lock.what()) ? "user " + printable(user) : "address " + address;
            String message = "PS login: " + what + " locked until " + Instant.ofEpochMilli(lock.untilMillis())
                    + " after " + lock.failures() + " failed logins in a row (last from " + address + ")";
            LOG.warning(message);
            LogEntry entry = new LogEntry().created(now).received(now).level(Level.WARNING)
                    .set(LogField.SYSTEM_ID, OWN_SYSTEM).set(LogField.NAME, "ps.security")
                    .set(LogField.MODULE, "security").set(LogField.FUNCNAME, "login")
                    .set(LogField.STAGE, settings.stage().name()).set(LogField.MESSAGE, message);
            try {
                store.appendAsync(List.of(entry));
            } catch (RuntimeException e) {
                LOG.warning("PS login: the lock's record was not stored: " + e.getMessage());
            }
        }
    }

    /** A name as logs and records show it: attacker text, so only a valid user name as it is. */
    static String printable(String user) {
        try {
            return "'" + User.checkName(user) + "'";
        } catch (IllegalArgumentException e) {
            return "(a name no user can have)";
        }
    }
}
