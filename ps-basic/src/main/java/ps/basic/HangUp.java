package ps.basic;

import java.util.logging.Logger;

/** SIGHUP re-reads the running instance's config, as in the original; registered once per process. */
final class HangUp {
    private static boolean registered;

    private HangUp() {
    }

    /** Registers {@code reread} for SIGHUP unless done before; where the JVM does not allow it, logs why. */
    static synchronized void rereadsConfig(Runnable reread) {
        if (registered) {
            return;
        }
        registered = true;
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reread.run());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            Logger.getLogger(PsBasic.class.getName()).warning("SIGHUP cannot re-read the config here: " + e);
        }
    }
}
