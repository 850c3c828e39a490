package ps.basic.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void patterns() throws Exception {
        Files.createDirectories(dir.resolve("de"));
        Files.createDirectories(dir.resolve("en"));
        Files.writeString(dir.resolve("en/subject.mustache"), "Transfer {{name}} failed: <{{reason}}>");
        Files.writeString(dir.resolve("de/subject.mustache"), "Übertragung {{name}} fehlgeschlagen: <{{reason}}>");
        Files.writeString(dir.resolve("en/body.html.mustache"), "<p>{{reason}}</p>");
        Files.writeString(dir.resolve("en/copy.mustache"), "cp -p '{{source}}' \"{{target}}/in box\"\n");
    }

    @Test
    void fillsThePatternOfTheLanguageWithValuesAsTheyAre() {
        Map<String, String> values = Map.of("name", "nightly", "reason", "a & b");
        assertEquals("Transfer nightly failed: <a & b>", new Templates(dir, Templates.Language.EN).fill("subject", values));
        assertEquals("Übertragung nightly fehlgeschlagen: <a & b>",
                new Templates(dir, Templates.Language.EN).in(Templates.Language.DE).fill("subject", values));
        assertEquals("<p>a &amp; b</p>", new Templates(dir, Templates.Language.EN).fill("body.html", values),
                "an .html pattern escapes its values");
    }

    @Test
    void aMissingValueIsAnErrorNamingIt() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> new Templates(dir, Templates.Language.EN).fill("subject", Map.of("name", "x")));
        assertTrue(e.getMessage().contains("{{reason}}") && e.getMessage().contains("subject.mustache"), e.getMessage());
    }

    @Test
    void aMissingPatternIsAnErrorNamingItsFile() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> new Templates(dir, Templates.Language.DE).fill("copy", Map.of()));
        assertTrue(e.getMessage().contains(dir.resolve("de/copy.mustache").toString()), e.getMessage());
        assertThrows(TemplateException.class, () -> new Templates(dir, Templates.Language.EN).fill("../x", Map.of()));
    }

    @Test
    void aCommandPatternIsSplitIntoWordsBeforeItIsFilledSoAValueStaysOneArgument() {
        List<String> argv = new Templates(dir, Templates.Language.EN).command("copy",
                Map.of("source", "a file; rm -rf ~", "target", "$(touch /tmp/x)"));
        assertEquals(List.of("cp", "-p", "a file; rm -rf ~", "$(touch /tmp/x)/in box"), argv);
    }
}
