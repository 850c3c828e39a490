package ps.client;

import java.util.Optional;
import java.util.logging.LogRecord;

/**
 * The source file and line of a log call. JUL records carry the calling class and method but no line,
 * so the handler finds the caller's frame on the stack while {@code publish} runs on the logging thread.
 */
record SourceLocation(String file, int line) {

    static Optional<SourceLocation> of(LogRecord record) {
        String type = record.getSourceClassName();
        String method = record.getSourceMethodName();
        if (type == null || method == null) {
            return Optional.empty();
        }
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().equals(type) && f.getMethodName().equals(method))
                .findFirst()
                .filter(f -> f.getLineNumber() > 0)
                .map(f -> new SourceLocation(f.getFileName(), f.getLineNumber())));
    }
}
