package ps.client;

import java.util.Iterator;
import java.util.Set;
import java.util.logging.LogRecord;

/**
 * The source file and line of a log call. JUL records carry the calling class and method but no line,
 * so the handler finds the caller's frame on the stack while {@code publish} runs on the logging thread.
 * One walk does for both: where JUL would infer the class and method itself (another walk) they are set
 * on the record from the frame found, by JUL's own rule (the first frame below {@code Logger} that is not
 * logging machinery).
 */
record SourceLocation(String file, int line) {
    private static final FittedWalker WALKER = new FittedWalker();
    /** Logger methods that take the source class and method from the caller, or may. */
    private static final SourceLocation NOT_FROM_LOGGER = new SourceLocation("", 0);
    private static final Set<String> EXPLICIT = Set.of("logp", "logrb", "entering", "exiting", "throwing");

    /** @return the location, or null when the record names no source or the source's frame is not on the stack */
    static SourceLocation of(LogRecord record) {
        SourceLocation found = WALKER.walk(it -> {
            int loggerFrames = 0;
            StackWalker.StackFrame entered = null;
            while (it.hasNext()) {
                StackWalker.StackFrame frame = it.next();
                String type = frame.getClassName();
                if (type.equals("java.util.logging.Logger")) {
                    loggerFrames++;
                    entered = frame;
                    continue;
                }
                if (loggerFrames == 0 || machinery(type)) {
                    continue;
                }
                // a record the Logger built itself went through doLog, so Logger shows more than the
                // log(LogRecord) frame; a method name costs an allocation, so only the entered one is asked for
                if (loggerFrames > 1 && !EXPLICIT.contains(entered.getMethodName())) {
                    StackTraceElement caller = frame.toStackTraceElement();
                    record.setSourceClassName(caller.getClassName());
                    record.setSourceMethodName(caller.getMethodName());
                    return location(caller);
                }
                return matching(record, frame, it);
            }
            return loggerFrames > 0 ? null : NOT_FROM_LOGGER;
        });
        if (found != NOT_FROM_LOGGER) {
            return found;
        }
        return WALKER.walk(it -> { // a record handed to the handler directly
            return it.hasNext() ? matching(record, it.next(), it) : null;
        });
    }

    /** The record names its source itself (or JUL infers it): the first frame of that class and method. */
    private static SourceLocation matching(LogRecord record, StackWalker.StackFrame first,
            Iterator<StackWalker.StackFrame> rest) {
        String type = record.getSourceClassName();
        String method = record.getSourceMethodName();
        if (type == null || method == null) {
            return null;
        }
        StackWalker.StackFrame frame = first;
        while (!(frame.getClassName().equals(type) && frame.getMethodName().equals(method))) {
            if (!rest.hasNext()) {
                return null;
            }
            frame = rest.next();
        }
        return location(frame.toStackTraceElement());
    }

    private static SourceLocation location(StackTraceElement frame) {
        return frame.getLineNumber() > 0 ? new SourceLocation(frame.getFileName(), frame.getLineNumber()) : null;
    }

    /** JUL's filter of logging infrastructure frames (jdk.internal.logger.SimpleConsoleLogger). */
    private static boolean machinery(String type) {
        return type.startsWith("java.util.logging.") || type.startsWith("sun.util.logging.")
                || type.startsWith("jdk.internal.logger.") || type.startsWith("java.lang.System$Logger")
                || type.startsWith("sun.rmi.runtime.Log") || type.startsWith("java.lang.invoke.MethodHandle")
                || type.startsWith("java.security.AccessController");
    }
}
