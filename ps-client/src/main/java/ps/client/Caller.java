package ps.client;

import java.util.Iterator;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds the frame of the code that called a logging framework, with a {@link StackWalker} on the logging
 * thread: the first frame below the framework's own. Cheaper than the {@code new Throwable()} a framework's
 * own caller data costs, since frames above it are never materialised; one instance per framework keeps
 * the walker's batch fitted to that framework's call path (see {@link FittedWalker}).
 */
public final class Caller {
    private static final String OWN = Caller.class.getName();
    private static final String WALKER = FittedWalker.class.getName();
    private final FittedWalker walker = new FittedWalker();

    /**
     * @param framework true for the class names of the logging framework (and its adapters)
     * @return the first frame below the first run of framework frames
     */
    public Optional<StackWalker.StackFrame> frame(Predicate<String> framework) {
        return Optional.ofNullable(walker.walk(frames -> below(frames, framework)));
    }

    private static StackWalker.StackFrame below(Iterator<StackWalker.StackFrame> frames, Predicate<String> framework) {
        boolean inFramework = false;
        while (frames.hasNext()) {
            StackWalker.StackFrame frame = frames.next();
            String type = frame.getClassName();
            if (type.equals(OWN) || type.equals(WALKER)) {
                continue;
            }
            boolean own = framework.test(type);
            if (inFramework && !own) {
                return frame;
            }
            inFramework |= own;
        }
        return null;
    }
}
