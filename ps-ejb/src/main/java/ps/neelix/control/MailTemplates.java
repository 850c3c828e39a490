package ps.neelix.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheResolver;

/**
 * Mail subject, plain text and HTML from Mustache templates per language ({@code EN}, {@code DE}). Each
 * kind has {@code <kind>.subject}, {@code <kind>.txt} and {@code <kind>.html} under {@code <lang>/}; a
 * file of that name under the override directory ({@code PS_CONFIG_DIR/templates}) wins over the one
 * shipped. The HTML template escapes every {@code {{field}}} (record fields are attacker-controlled); the
 * subject and text templates insert fields as they are, the subject on one line.
 */
public final class MailTemplates {
    static final String SHIPPED = "ps/neelix/templates/";

    /** A rendered mail. */
    public static final class Rendered {
        private final String subject;
        private final String text;
        private final String html;

        Rendered(String subject, String text, String html) {
            this.subject = subject;
            this.text = text;
            this.html = html;
        }

        public String subject() {
            return subject;
        }

        public String text() {
            return text;
        }

        public String html() {
            return html;
        }
    }

    private final Path overrides;
    private final String language;

    /**
     * @param overrides directory whose {@code <lang>/<name>} files replace the shipped ones; may be absent
     * @param language {@code EN} or {@code DE}
     */
    public MailTemplates(Path overrides, String language) {
        this.overrides = overrides;
        this.language = language.toLowerCase(Locale.ROOT);
        if (!this.language.equals("en") && !this.language.equals("de")) {
            throw new IllegalArgumentException("mail language '" + language + "' is not EN or DE");
        }
    }

    /** Renders the kind's three templates with the model (fresh factories: an edited override is used at once). */
    public Rendered render(String kind, Map<String, Object> model) {
        MustacheResolver resolver = this::reader;
        DefaultMustacheFactory plain = new DefaultMustacheFactory(resolver) {
            @Override
            public void encode(String value, Writer writer) {
                try {
                    writer.write(value);
                } catch (IOException e) {
                    throw new MustacheException("cannot write", e);
                }
            }
        };
        DefaultMustacheFactory html = new DefaultMustacheFactory(resolver);
        String subject = run(plain, kind + ".subject", model).replaceAll("[\\r\\n\\t]+", " ").strip();
        return new Rendered(subject, run(plain, kind + ".txt", model), run(html, kind + ".html", model));
    }

    private static String run(DefaultMustacheFactory factory, String name, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        factory.compile(name).execute(out, model);
        return out.toString();
    }

    private Reader reader(String name) {
        if (name.contains("..") || name.startsWith("/")) {
            return null;
        }
        if (overrides != null) {
            Path file = overrides.resolve(language).resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.newBufferedReader(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new MustacheException("cannot read template " + file + ": " + e.getMessage(), e);
                }
            }
        }
        InputStream shipped = MailTemplates.class.getClassLoader().getResourceAsStream(SHIPPED + language + "/" + name);
        return shipped == null ? null : new InputStreamReader(shipped, StandardCharsets.UTF_8);
    }
}
