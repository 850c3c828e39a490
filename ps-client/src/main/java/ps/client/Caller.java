package ps.client;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The frame of the code that called the logging framework, found with a {@link StackWalker} on the logging
 * thread: the first frame below the framework's own. Cheaper than the {@code new Throwable()} a framework's
 * own caller data costs, since frames above it are never materialised.
 */
public final class Caller {
    private Caller() {
    }

    /** @param framework true for the class names of the logging framework (and its adapters) */
    public static Optional<StackWalker.StackFrame> below(Predicate<String> framework) {
        return StackWalker.getInstance().walk(frames -> frames
                .dropWhile(f -> !framework.test(f.getClassName()))
                .dropWhile(f -> framework.test(f.getClassName()))
                .findFirst());
    }
}
