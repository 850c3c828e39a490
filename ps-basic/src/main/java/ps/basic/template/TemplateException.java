package ps.basic.template;

import ps.basic.BasicException;

/** A pattern that is missing, malformed or names a value the map lacks; the message names file and value. */
public final class TemplateException extends BasicException {
    public TemplateException(String message) {
        super(FAILED, message);
    }

    public TemplateException(String message, Throwable cause) {
        super(FAILED, message, cause);
    }
}
