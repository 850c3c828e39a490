package ps.neelix.entity;

/** How often a rule matched and when last. */
public final class RuleStats {
    private final String ruleId;
    private long matches;
    private Long lastMatch;

    public RuleStats(String ruleId, long matches, Long lastMatch) {
        this.ruleId = ruleId;
        this.matches = matches;
        this.lastMatch = lastMatch;
    }

    public void matched(int count, long at) {
        matches += count;
        lastMatch = at;
    }

    public String ruleId() {
        return ruleId;
    }

    public long matches() {
        return matches;
    }

    public Long lastMatch() {
        return lastMatch;
    }
}
