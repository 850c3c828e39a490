package ps.bridge.codec;

import ps.client.Level;

/** Syslog severities (RFC 5424 section 6.2.1, also GELF's {@code level}) as PS levels. */
final class Severity {
    private Severity() {
    }

    /** 0..2 (emergency, alert, critical) CRITICAL, 3 ERROR, 4 WARNING, 5..6 (notice, info) INFO, 7 DEBUG. */
    static Level toLevel(int severity) {
        switch (severity) {
            case 0: case 1: case 2: return Level.CRITICAL;
            case 3: return Level.ERROR;
            case 4: return Level.WARNING;
            case 5: case 6: return Level.INFO;
            case 7: return Level.DEBUG;
            default: throw new IllegalArgumentException("severity " + severity + " outside 0..7");
        }
    }
}
