package ps.neelix.entity;

import java.util.List;
import java.util.regex.Pattern;

/** Shell-style patterns for ids: {@code *} any text, {@code ?} one character, anything else literal. */
public final class Glob {
    private Glob() {
    }

    /** One pattern matching any of the globs, whole text. */
    public static Pattern anyOf(List<String> globs) {
        StringBuilder regex = new StringBuilder();
        for (String glob : globs) {
            if (regex.length() > 0) {
                regex.append('|');
            }
            regex.append("(?:");
            StringBuilder literal = new StringBuilder();
            for (char c : glob.toCharArray()) {
                if (c == '*' || c == '?') {
                    if (literal.length() > 0) {
                        regex.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    regex.append(c == '*' ? ".*" : ".");
                } else {
                    literal.append(c);
                }
            }
            if (literal.length() > 0) {
                regex.append(Pattern.quote(literal.toString()));
            }
            regex.append(')');
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
