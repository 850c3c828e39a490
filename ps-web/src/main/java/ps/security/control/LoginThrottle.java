package ps.security.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Failed password checks per user name and per client address, and how long the next check of either must
 * wait. The first {@code free} failures in a row cost nothing; each further one doubles the wait (1 s, 2 s,
 * 4 s, …); at {@code lockout} failures the name or address is locked for the lockout window. A refused
 * attempt is answered at once without a password check (no thread sleeps, no PBKDF2), so waiting costs PS
 * nothing. A success clears the user's count, not the address's (one valid account must not reset an
 * address that guesses others). Addresses get four times the allowance of a user, since several people may
 * share one. Entries are forgotten after a whole lockout window without failures once their wait ended (a
 * failure after a lock locks again at once), and there are at most
 * {@code maxEntries} of them (the least recently used go first): names and addresses are attacker text.
 */
public final class LoginThrottle {
    /** An attempt the throttle refused: how long to wait before another is checked. */
    public record Refusal(String what, long waitMillis) {
    }

    /** A user ({@code what} "user") or address ("address") just locked for the lockout window (for the audit record). */
    public record Lock(String what, int failures, long untilMillis) {
    }

    private final int free;
    private final int lockout;
    private final long firstDelayMillis;
    private final long lockoutMillis;
    private final int maxEntries;
    private final Map<String, Entry> entries;

    public LoginThrottle(int free, int lockout, long firstDelayMillis, long lockoutMillis, int maxEntries) {
        if (free < 0 || lockout <= free || firstDelayMillis < 1 || lockoutMillis < 1 || maxEntries < 2) {
            throw new IllegalArgumentException("login throttle: need 0 <= free < lockout, positive delays and entries");
        }
        this.free = free;
        this.lockout = lockout;
        this.firstDelayMillis = firstDelayMillis;
        this.lockoutMillis = lockoutMillis;
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > LoginThrottle.this.maxEntries;
            }
        };
    }

    /** The wait after {@code failures} failures in a row, with {@code free} of them free. */
    long waitAfter(int failures, int freeFailures, int lockoutFailures) {
        if (failures <= freeFailures) {
            return 0;
        }
        if (failures >= lockoutFailures) {
            return lockoutMillis;
        }
        int doublings = Math.min(30, failures - freeFailures - 1);
        return Math.min(lockoutMillis, firstDelayMillis << doublings);
    }

    /** Null when a password check for this user from this address may run now; else why not and how long to wait. */
    public synchronized Refusal check(String user, String address, long now) {
        long wait = Math.max(waitOf(userKey(user), now), waitOf(addressKey(address), now));
        if (wait <= 0) {
            return null;
        }
        return new Refusal(waitOf(userKey(user), now) >= wait ? "user" : "address", wait);
    }

    private long waitOf(String key, long now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return 0;
        }
        if (entry.forgettable(now, lockoutMillis)) {
            entries.remove(key);
            return 0;
        }
        return entry.notBefore - now;
    }

    /** Counts a failed check; returns the locks it caused (empty mostly). */
    public synchronized List<Lock> failed(String user, String address, long now) {
        List<Lock> locks = new ArrayList<>(2);
        count(userKey(user), "user", free, lockout, now, locks);
        count(addressKey(address), "address", free * 4, lockout * 4, now, locks);
        return locks;
    }

    private void count(String key, String what, int freeFailures, int lockoutFailures, long now, List<Lock> locks) {
        Entry entry = entries.get(key);
        if (entry == null || entry.forgettable(now, lockoutMillis)) {
            entry = new Entry();
            entries.put(key, entry);
        }
        entry.failures++;
        entry.lastFailure = now;
        entry.notBefore = now + waitAfter(entry.failures, freeFailures, lockoutFailures);
        if (entry.failures == lockoutFailures) {
            locks.add(new Lock(what, entry.failures, entry.notBefore));
        }
    }

    /** A successful check: the user's failures are forgiven. */
    public synchronized void succeeded(String user) {
        entries.remove(userKey(user));
    }

    public synchronized int size() {
        return entries.size();
    }

    private static String userKey(String user) {
        String name = user == null ? "" : user;
        return "u:" + (name.length() > 100 ? name.substring(0, 100) : name);
    }

    private static String addressKey(String address) {
        return "a:" + (address == null ? "" : address);
    }

    private static final class Entry {
        int failures;
        long lastFailure;
        long notBefore;

        /** A whole window without failures after the last wait ended. */
        boolean forgettable(long now, long window) {
            return now - notBefore >= window;
        }
    }
}
