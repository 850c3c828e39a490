package ps.neelix.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailerTest {
    static final MailTemplates.Rendered MAIL = new MailTemplates.Rendered("Grüße – subject", "plain ✓", "<p>html ✓</p>");

    @Test
    void plainTextWithHtmlAlternative() throws Exception {
        Mailer mailer = new Mailer("localhost", 25, "", "", Mailer.Tls.NONE, "ps@example.com", null);
        MimeMessage message = mailer.compose(MAIL, List.of("a@example.com", "b@example.com"));
        assertEquals("Grüße – subject", message.getSubject());
        assertEquals(2, message.getAllRecipients().length);
        assertEquals("ps@example.com", message.getFrom()[0].toString());
        MimeMultipart alternative = (MimeMultipart) message.getContent();
        assertTrue(alternative.getContentType().startsWith("multipart/alternative"), alternative.getContentType());
        assertEquals(2, alternative.getCount());
        assertTrue(alternative.getBodyPart(0).isMimeType("text/plain"));
        assertEquals("plain ✓", alternative.getBodyPart(0).getContent());
        assertTrue(alternative.getBodyPart(1).isMimeType("text/html"));
    }

    @Test
    void capturingWritesTheMessageInsteadOfSending(@TempDir Path dir) throws Exception {
        Mailer mailer = new Mailer("no-such-host.invalid", 25, "", "", Mailer.Tls.NONE, "ps@example.com", dir);
        assertEquals("captured", mailer.deliver(MAIL, List.of("a@example.com")));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> captured = files.toList();
            assertEquals(1, captured.size());
            String eml = Files.readString(captured.get(0));
            assertTrue(eml.contains("To: a@example.com"), eml);
            assertTrue(eml.contains("multipart/alternative"), eml);
        }
    }

    @Test
    void settingValuesAreChecked() {
        assertEquals(Mailer.Tls.STARTTLS, Mailer.Tls.parse(" StartTLS "));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Mailer.Tls.parse("yes"));
        assertTrue(e.getMessage().contains("none, starttls, required, ssl"));
    }
}
