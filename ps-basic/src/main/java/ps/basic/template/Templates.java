package ps.basic.template;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.Guard;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;

/**
 * The original's {@code Patterns}: named text patterns per language for mail subjects, mail bodies and
 * shell commands, in files beside the config: {@code {dir}/{de|en}/{name}.mustache}, filled from a map
 * with Mustache. Strict, unlike Mustache's default: a value the pattern names and the map lacks is a
 * {@link TemplateException} naming it. Values go in as they are, except in patterns whose name ends in
 * {@code .html}, which HTML-escape them.
 */
public final class Templates {
    /** The languages of the original ({@code [GLOBAL] pattern_language}). */
    public enum Language {
        DE, EN;

        public static Language parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pattern language '" + text + "' is not DE or EN");
            }
        }
    }

    private final Path dir;
    private final Language language;
    private final DefaultMustacheFactory raw;
    private final DefaultMustacheFactory html;

    /** @param dir the templates directory holding {@code de/} and {@code en/} */
    public Templates(Path dir, Language language) {
        this.dir = dir.toAbsolutePath();
        this.language = language;
        this.raw = strict(new DefaultMustacheFactory() {
            @Override
            public void encode(String value, Writer writer) {
                try {
                    writer.write(value);
                } catch (IOException e) {
                    throw new MustacheException("cannot write", e);
                }
            }
        });
        this.html = strict(new DefaultMustacheFactory());
    }

    private static DefaultMustacheFactory strict(DefaultMustacheFactory factory) {
        factory.setObjectHandler(new ReflectionObjectHandler() {
            @Override
            protected MissingWrapper createMissingWrapper(String name, List<Guard> guards) {
                throw new TemplateException("no value for {{" + name + "}}");
            }
        });
        return factory;
    }

    public Language language() {
        return language;
    }

    /** The same patterns in the other language. */
    public Templates in(Language other) {
        return other == language ? this : new Templates(dir, other);
    }

    /** The pattern's file in this language. */
    public Path file(String name) {
        if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            throw new TemplateException("'" + name + "' is not a pattern name (letters, digits, _ . -)");
        }
        return dir.resolve(language.name().toLowerCase(Locale.ROOT)).resolve(name + ".mustache");
    }

    /**
     * The pattern filled with the values.
     *
     * @throws TemplateException naming the pattern's file and the missing value, or the missing file
     */
    public String fill(String name, Map<String, ?> values) {
        return render(name, read(name), values);
    }

    /**
     * A shell command pattern filled into an argument vector for {@code ps.basic.shell.Shell}: the
     * pattern is split into words first (blanks separate, '…' and "…" group), then each word is filled,
     * so a value is always (part of) one argument, never shell text: {@code $(touch /tmp/x)} stays a
     * literal argument. Commands that need a shell ({@code sh -c '…'}) take values as environment
     * variables ({@code "$SRC"}) instead.
     */
    public List<String> command(String name, Map<String, ?> values) {
        List<String> argv = new ArrayList<>();
        for (String word : words(name, read(name).strip())) {
            argv.add(render(name, word, values));
        }
        if (argv.isEmpty()) {
            throw new TemplateException(file(name) + ": the command pattern is empty");
        }
        return argv;
    }

    private String read(String name) {
        Path file = file(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemplateException("pattern '" + name + "' (" + language + ") cannot be read: " + file
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private String render(String name, String text, Map<String, ?> values) {
        DefaultMustacheFactory factory = name.endsWith(".html") ? html : raw;
        try (Reader reader = new java.io.StringReader(text)) {
            Mustache mustache = factory.compile(reader, name);
            StringWriter out = new StringWriter();
            mustache.execute(out, values).flush();
            return out.toString();
        } catch (TemplateException e) {
            throw new TemplateException(file(name) + ": " + e.getMessage());
        } catch (MustacheException e) {
            TemplateException missing = cause(e);
            if (missing != null) {
                throw new TemplateException(file(name) + ": " + missing.getMessage());
            }
            throw new TemplateException(file(name) + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TemplateException(file(name) + ": " + e.getMessage(), e);
        }
    }

    private static TemplateException cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TemplateException found) {
                return found;
            }
        }
        return null;
    }

    private List<String> words(String name, String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new TemplateException(file(name) + ": unclosed " + quote + " in the command pattern");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
