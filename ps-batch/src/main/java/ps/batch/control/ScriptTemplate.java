package ps.batch.control;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheException;

/**
 * Renders a shell-script template with Mustache, the engine of neelix's mail templates. No value is ever
 * written into the script: {@code {{name}}} (and {@code {{{name}}}}) becomes a reference to the environment
 * variable that carries the value, quoted for where the tag stands — {@code "${PS_PARAM_NAME}"} in plain
 * shell text, {@code ${PS_PARAM_NAME}} inside double quotes and here-documents, {@code '"${PS_PARAM_NAME}"'}
 * inside single quotes — so bash expands it as one word of exactly the value and never parses the value as
 * shell syntax. A variable with an empty value renders as nothing, as before, so sections still work.
 */
public final class ScriptTemplate {
    /** Marks a reference in the Mustache output until the quoting context is known; cannot come from a value. */
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';
    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\1");

    private ScriptTemplate() {
    }

    /**
     * @param variables template name → the environment variable that carries its value (non-empty values)
     * @param empty     template names whose value is empty: they render as nothing
     * @throws IllegalArgumentException when the file is missing or not a valid template
     */
    public static String render(Path file, Map<String, String> variables, Set<String> empty) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("script template " + file + " does not exist");
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            DefaultMustacheFactory factory = new DefaultMustacheFactory() {
                @Override
                public void encode(String value, Writer writer) {
                    try {
                        writer.write(value);
                    } catch (IOException e) {
                        throw new MustacheException("cannot write", e);
                    }
                }
            };
            Map<String, Object> scope = new HashMap<>();
            variables.forEach((name, variable) -> scope.put(name, OPEN + variable + CLOSE));
            empty.forEach(name -> scope.put(name, ""));
            StringWriter out = new StringWriter();
            factory.compile(new java.io.StringReader(text.replace(OPEN, ' ').replace(CLOSE, ' ')),
                    file.getFileName().toString()).execute(out, scope);
            return references(out.toString());
        } catch (IOException | MustacheException e) {
            throw new IllegalArgumentException("script template " + file + ": " + e.getMessage(), e);
        }
    }

    private enum Context { PLAIN, SUBSTITUTION, SINGLE, DOUBLE, COMMENT, HEREDOC }

    /**
     * Replaces each marked reference by the variable's expansion quoted for its place, read with a small
     * model of bash's quoting: quotes, backslashes, comments, {@code $(…)} (plain text again, also inside
     * double quotes) and here-documents. Where the model errs, the value is still only ever expanded, never
     * parsed as shell text: at worst it is split into words or printed with the reference's quotes.
     */
    static String references(String script) {
        StringBuilder out = new StringBuilder(script.length() + 64);
        Deque<Context> stack = new ArrayDeque<>();
        Context context = Context.PLAIN;
        String heredocEnd = null;
        String pendingHeredoc = null;
        int lineStart = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == OPEN) {
                int end = script.indexOf(CLOSE, i);
                String variable = script.substring(i + 1, end);
                out.append(switch (context) {
                    case PLAIN, SUBSTITUTION -> "\"${" + variable + "}\"";
                    case SINGLE -> "'\"${" + variable + "}\"'";
                    default -> "${" + variable + "}";
                });
                i = end;
                continue;
            }
            out.append(c);
            boolean plain = context == Context.PLAIN || context == Context.SUBSTITUTION;
            if (c == '\n') {
                if (context == Context.HEREDOC && script.substring(lineStart, i).strip().equals(heredocEnd)) {
                    context = stack.pop();
                    heredocEnd = null;
                } else if (context == Context.COMMENT) {
                    context = stack.pop();
                }
                if (pendingHeredoc != null && (context == Context.PLAIN || context == Context.SUBSTITUTION)) {
                    stack.push(context);
                    context = Context.HEREDOC;
                    heredocEnd = pendingHeredoc;
                    pendingHeredoc = null;
                }
                lineStart = i + 1;
            } else if ((plain || context == Context.DOUBLE) && c == '\\' && i + 1 < script.length()
                    && script.charAt(i + 1) != OPEN) {
                out.append(script.charAt(++i));
            } else if ((plain || context == Context.DOUBLE) && c == '$' && i + 1 < script.length()
                    && script.charAt(i + 1) == '(') {
                out.append(script.charAt(++i));
                stack.push(context);
                context = Context.SUBSTITUTION;
            } else if (plain && c == '\'') {
                stack.push(context);
                context = Context.SINGLE;
            } else if (plain && c == '"') {
                stack.push(context);
                context = Context.DOUBLE;
            } else if (plain && c == '#' && (i == lineStart || Character.isWhitespace(script.charAt(i - 1))
                    || script.charAt(i - 1) == ';')) {
                stack.push(context);
                context = Context.COMMENT;
            } else if (plain && c == '<' && !script.startsWith("<<<", i) && (i == 0 || script.charAt(i - 1) != '<')) {
                Matcher heredoc = HEREDOC.matcher(script).region(i, script.length());
                if (heredoc.lookingAt()) {
                    pendingHeredoc = heredoc.group(2);
                }
            } else if (context == Context.SUBSTITUTION && c == ')'
                    || context == Context.SINGLE && c == '\''
                    || context == Context.DOUBLE && c == '"') {
                context = stack.pop();
            }
        }
        return out.toString();
    }
}
