package ps.basic.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class InstanceLockTest {
    @TempDir
    Path dir;

    @Test
    void holdsItsPidAndEmptiesTheFileOnRelease() throws Exception {
        Path file = dir.resolve("svc_lock_t");
        List<String> warnings = new ArrayList<>();
        try (InstanceLock lock = InstanceLock.acquire(file, warnings::add)) {
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(file).strip());
        }
        assertEquals("", Files.readString(file));
        InstanceLock.acquire(file, warnings::add).close();
        assertEquals(List.of(), warnings, "a released lock is not stale");
    }

    @Test
    void aLiveHolderInAnotherProcessRefusesTheStartNamingItsPid() throws Exception {
        Path file = dir.resolve("svc_lock");
        // a second JVM takes the lock the way a running program does
        Process holder = holder(file);
        try {
            LockedException e = assertThrows(LockedException.class, () -> InstanceLock.acquire(file, w -> { }));
            assertEquals(Long.toString(holder.pid()), e.pid());
            assertTrue(e.getMessage().contains("PID " + holder.pid()), e.getMessage());
            assertEquals(75, e.exitCode());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        // killed without releasing: the OS lock is gone, the PID stays in the file: stale, taken over
        List<String> warnings = new ArrayList<>();
        try (InstanceLock lock = InstanceLock.acquire(file, warnings::add)) {
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).contains("stale") && warnings.get(0).contains("PID " + holder.pid()), warnings.get(0));
        }
    }

    @Test
    void aFileWithADeadPidIsTakenOverWithAWarning() throws Exception {
        Path file = dir.resolve("svc_lock_d");
        Files.writeString(file, "999999999\n");
        List<String> warnings = new ArrayList<>();
        try (InstanceLock lock = InstanceLock.acquire(file, warnings::add)) {
            assertTrue(warnings.get(0).contains("PID 999999999") && warnings.get(0).contains("no such process"), warnings.get(0));
        }
    }

    public static Process holder(Path file) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), file.toString()).redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine();
        assertEquals("locked", line);
        assertTrue(process.isAlive());
        return process;
    }

    /** Takes the lock, says so and waits to be killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            InstanceLock.acquire(Path.of(args[0]), w -> { });
            System.out.println("locked");
            System.out.flush();
            TimeUnit.MINUTES.sleep(5);
        }
    }
}
