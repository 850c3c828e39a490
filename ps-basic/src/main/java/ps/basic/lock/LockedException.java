package ps.basic.lock;

import java.nio.file.Path;

import ps.basic.BasicException;

/** Another live process holds the lock; exit code {@link BasicException#LOCKED} (75). */
public final class LockedException extends BasicException {
    private final String pid;

    public LockedException(Path file, String pid) {
        super(LOCKED, "another instance is running: PID " + pid + " holds the lock " + file);
        this.pid = pid;
    }

    /** The holder's PID as the lock file says it ("unknown" when empty). */
    public String pid() {
        return pid;
    }
}
