package ps.basic.fsm;

import java.util.Locale;

/**
 * Prints the picture's render time for a 20-state machine (layout and SVG, and DOT text as the baseline
 * in the same run). Run: {@code mvn -B -o test-compile -pl ps-basic -am -q} then
 * {@code java -cp ps-client/target/classes:ps-basic/target/classes:ps-basic/target/test-classes ps.basic.fsm.PictureBenchmark}.
 */
public final class PictureBenchmark {
    private PictureBenchmark() {
    }

    /** 20 states in a pipeline with retries, skips, back edges, defaults and two error states with recipients. */
    static FiniteStateMachine<Object> twentyStates() {
        FiniteStateMachine<Object> fsm = new FiniteStateMachine<>("twenty");
        @SuppressWarnings("unchecked")
        State<Object>[] s = new State[20];
        for (int i = 0; i < 20; i++) {
            s[i] = fsm.state("s" + i, (state, c) -> "next").doc("step " + i);
        }
        s[0].asInitial();
        s[19].asFinal();
        s[17].asError().mailTo("ops@example.com", "dev@example.com");
        s[18].asError().asFinal();
        for (int i = 0; i < 16; i++) {
            s[i].on("next", s[i + 1]);
            if (i % 3 == 0) {
                s[i].on("skip", s[i + 2]);
            }
            if (i % 4 == 1) {
                s[i].on("retry", s[i - 1]);
            }
            s[i].otherwise(i % 2 == 0 ? s[17] : s[18]);
        }
        s[16].on("next", s[19]).otherwise(s[17]);
        s[17].on("next", s[18]);
        return fsm;
    }

    /** The largest machine PS draws (100 states, 400 transitions, every state with a default): its worst case. */
    static MachineDefinition largest() {
        FiniteStateMachine<Object> fsm = new FiniteStateMachine<>("largest");
        @SuppressWarnings("unchecked")
        State<Object>[] s = new State[100];
        for (int i = 0; i < 100; i++) {
            s[i] = fsm.state("state-" + i, (state, c) -> "next");
        }
        s[0].asInitial();
        s[99].asFinal().asError().mailTo("ops@example.com");
        java.util.Random random = new java.util.Random(42);
        for (int t = 0; t < 400; t++) {
            int from = random.nextInt(99);
            s[from].on("event-" + t, s[random.nextInt(100)]);
        }
        for (int i = 0; i < 99; i++) {
            s[i].otherwise(s[99]);
        }
        return fsm.definition();
    }

    public static void main(String[] args) {
        MachineDefinition machine = twentyStates().definition();
        int warm = 2_000;
        int rounds = 5_000;
        for (int i = 0; i < warm; i++) {
            Picture.svg(machine, "s" + (i % 20));
            Picture.dot(machine);
        }
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long svgNanos = time(() -> Picture.svg(machine, "s3"), rounds);
        long svgCpuNanos = (cpu.getCurrentThreadCpuTime() - cpuStart) / (rounds / 20 * 20);
        long dotNanos = time(() -> Picture.dot(machine), rounds);
        MachineDefinition fresh = twentyStates().definition();
        long cold = System.nanoTime();
        Picture.svg(fresh, null);
        long coldNanos = System.nanoTime() - cold;
        System.out.printf(Locale.ROOT, "20-state machine picture: SVG (layout + writing) %.1f µs per picture,"
                        + " DOT text %.1f µs (SVG/DOT ratio %.1f), %d bytes of SVG%n",
                svgNanos / 1000.0, dotNanos / 1000.0, (double) svgNanos / dotNanos, Picture.svg(machine, "s3").length());
        MachineDefinition largest = largest();
        for (int i = 0; i < 20; i++) {
            Picture.svg(largest, null);
        }
        long largestCpu = cpu.getCurrentThreadCpuTime();
        long largestNanos = time(() -> Picture.svg(largest, "state-5"), 40);
        largestCpu = (cpu.getCurrentThreadCpuTime() - largestCpu) / 40;
        System.out.printf(Locale.ROOT, "largest machine PS draws (100 states, 400 transitions, 99 defaults): %.1f ms per picture"
                + " (%.1f ms of CPU time)%n", largestNanos / 1e6, largestCpu / 1e6);
        System.out.printf(Locale.ROOT, "20-state machine picture: %.1f µs of CPU time per picture (this thread's, whatever"
                + " else the machine runs)%n", svgCpuNanos / 1000.0);
        System.out.printf(Locale.ROOT, "(one more SVG after warm-up with a fresh definition: %.1f µs)%n",
                coldNanos / 1000.0);
    }

    /**
     * Nanoseconds per call: the median of 20 batches, so that the other processes of a shared machine
     * (which stretch single batches) weigh less.
     */
    private static long time(Runnable work, int rounds) {
        int batch = Math.max(1, rounds / 20);
        long[] perCall = new long[20];
        for (int b = 0; b < perCall.length; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                work.run();
            }
            perCall[b] = (System.nanoTime() - start) / batch;
        }
        java.util.Arrays.sort(perCall);
        return perCall[perCall.length / 2];
    }
}
