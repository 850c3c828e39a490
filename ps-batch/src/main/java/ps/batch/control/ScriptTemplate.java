package ps.batch.control;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheException;

/**
 * Renders a shell-script template with Mustache, the engine of neelix's mail templates. Values are
 * shell-quoted: {@code {{name}}} becomes one single-quoted word whatever it holds, so a parameter cannot
 * inject commands; {@code {{{name}}}} inserts the value as it is (for trusted, deliberately shell-active text).
 */
public final class ScriptTemplate {
    private ScriptTemplate() {
    }

    /** @throws IllegalArgumentException when the file is missing or not a valid template */
    public static String render(Path file, Map<String, ?> values) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("script template " + file + " does not exist");
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            DefaultMustacheFactory factory = new DefaultMustacheFactory() {
                @Override
                public void encode(String value, Writer writer) {
                    try {
                        writer.write(quote(value));
                    } catch (IOException e) {
                        throw new MustacheException("cannot write", e);
                    }
                }
            };
            StringWriter out = new StringWriter();
            factory.compile(new java.io.StringReader(text), file.getFileName().toString()).execute(out, values);
            return out.toString();
        } catch (IOException | MustacheException e) {
            throw new IllegalArgumentException("script template " + file + ": " + e.getMessage(), e);
        }
    }

    /** One shell word holding exactly {@code value}. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
