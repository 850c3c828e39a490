package ps.basic.shell;

import java.time.Duration;
import java.util.List;

/**
 * What a command did: its output lines (each stream bounded, see {@link Shell#MAX_LINES}), exit code
 * (-1 when it timed out or could not start) and run time.
 */
public record ShellResult(List<String> command, List<String> stdout, List<String> stderr, int exitCode,
                          Duration runTime, boolean timedOut) {

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** The run time as the original printed it, H:MM:SS.mmm. */
    public String runTimeText() {
        long millis = runTime.toMillis();
        return String.format("%d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60,
                millis % 1000);
    }
}
