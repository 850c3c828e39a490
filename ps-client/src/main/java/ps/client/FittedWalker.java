package ps.client;

import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;

/**
 * A stack walk from the logging thread whose first batch of frames is as deep as the last walk needed.
 * The JDK's walker fills its first batch before the search sees a frame, with two objects per slot; too
 * shallow a batch costs a second, larger one. A batch fitted to the call path halves what the logging
 * thread allocates per record. The depth is remembered racily on purpose: any value is correct, only the
 * cost differs.
 */
final class FittedWalker {
    private static final int MAX_DEPTH = 64;
    /** Slots the walker uses beyond the frames the search takes, measured on JDK 17. */
    private static final int SLACK = 2;
    private static final StackWalker[] WALKERS = new StackWalker[MAX_DEPTH + 1];

    private int depth = 8;

    /** Runs the search over the frames below the caller of this method, top first. */
    <T> T walk(Function<Iterator<StackWalker.StackFrame>, T> search) {
        return walker(depth).walk(frames -> {
            Counting counting = new Counting(frames.iterator());
            T found = search.apply(counting);
            depth = Math.min(MAX_DEPTH, counting.taken + SLACK);
            return found;
        });
    }

    private static StackWalker walker(int depth) {
        StackWalker walker = WALKERS[depth];
        if (walker == null) { // a race makes two equal walkers, which is harmless
            walker = StackWalker.getInstance(Set.of(StackWalker.Option.SHOW_REFLECT_FRAMES), depth);
            WALKERS[depth] = walker;
        }
        return walker;
    }

    /**
     * Counts the frames taken and hides reflection's own frames, as the walker's default does: asking the
     * walker to show them and skipping them here is cheaper than its per-frame test of the frame's class.
     */
    private static final class Counting implements Iterator<StackWalker.StackFrame> {
        private final Iterator<StackWalker.StackFrame> frames;
        private StackWalker.StackFrame next;
        private int taken;

        Counting(Iterator<StackWalker.StackFrame> frames) {
            this.frames = frames;
        }

        @Override
        public boolean hasNext() {
            while (next == null && frames.hasNext()) {
                StackWalker.StackFrame frame = frames.next();
                taken++;
                if (!reflection(frame.getClassName())) {
                    next = frame;
                }
            }
            return next != null;
        }

        @Override
        public StackWalker.StackFrame next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            StackWalker.StackFrame frame = next;
            next = null;
            return frame;
        }

        private static boolean reflection(String type) {
            return type.charAt(0) == 'j' && type.startsWith("jdk.internal.reflect.") || type.equals("java.lang.reflect.Method")
                    || type.equals("java.lang.reflect.Constructor");
        }
    }
}
