package ps.neelix.entity;

import java.time.Duration;

/**
 * Throttling of one rule for one system: at most one mail per interval; matches in between are counted
 * and reported in the next mail (a digest when the interval ends, or the next match's mail).
 */
public final class Throttle {
    private final String ruleId;
    private final String system;
    private Long lastMail;
    private int suppressed;
    private Long firstSuppressed;
    private String lastMessage;
    private String lastLevel;
    private Long lastCreated;

    public Throttle(String ruleId, String system) {
        this.ruleId = ruleId;
        this.system = system;
    }

    /** True when a mail may leave now; otherwise the matches are counted as suppressed. */
    public boolean offer(long now, Duration interval, int matches, String message, String level, long created) {
        if (lastMail == null || now - lastMail >= interval.toMillis()) {
            return true;
        }
        if (suppressed == 0) {
            firstSuppressed = now;
        }
        suppressed += matches;
        lastMessage = message;
        lastLevel = level;
        lastCreated = created;
        return false;
    }

    /** True when the interval has passed and suppressed matches wait to be reported. */
    public boolean digestDue(long now, Duration interval) {
        return suppressed > 0 && lastMail != null && now - lastMail >= interval.toMillis();
    }

    /** When a digest will be due; {@link Long#MAX_VALUE} when none waits. */
    public long digestAt(Duration interval) {
        return suppressed > 0 && lastMail != null ? lastMail + interval.toMillis() : Long.MAX_VALUE;
    }

    /** A mail left now: returns the number of suppressed matches it reports and starts a new interval. */
    public int mailed(long now) {
        int reported = suppressed;
        lastMail = now;
        suppressed = 0;
        firstSuppressed = null;
        return reported;
    }

    public void restore(Long mail, int suppressedMatches, Long first, String message, String level, Long created) {
        this.lastMail = mail;
        this.suppressed = suppressedMatches;
        this.firstSuppressed = first;
        this.lastMessage = message;
        this.lastLevel = level;
        this.lastCreated = created;
    }

    public String ruleId() {
        return ruleId;
    }

    public String system() {
        return system;
    }

    public Long lastMail() {
        return lastMail;
    }

    public int suppressed() {
        return suppressed;
    }

    public Long firstSuppressed() {
        return firstSuppressed;
    }

    public String lastMessage() {
        return lastMessage;
    }

    public String lastLevel() {
        return lastLevel;
    }

    public Long lastCreated() {
        return lastCreated;
    }
}
