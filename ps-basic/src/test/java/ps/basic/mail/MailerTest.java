package ps.basic.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import ps.basic.BasicException;

class MailerTest {
    @TempDir
    Path dir;

    @Test
    void sendsPlainTextWithAnHtmlAlternativeAndAnAttachmentThroughSmtp() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        try {
            Path report = Files.writeString(dir.resolve("report.csv"), "file;bytes\na.txt;12\n");
            Mailer mailer = new Mailer(Map.of("PS_SMTP_HOST", "127.0.0.1", "PS_SMTP_PORT", Integer.toString(port),
                    "PS_SMTP_TLS", "none", "PS_MAIL_FROM", "nightly@example.org"), null);
            assertNull(mailer.send(Mail.of(List.of("ops@example.org"), "Transfer failed", "3 files <missing>").attach(report)));
            assertTrue(greenMail.waitForIncomingEmail(10_000, 1));
            MimeMessage received = greenMail.getReceivedMessages()[0];
            assertEquals("Transfer failed", received.getSubject());
            assertEquals("nightly@example.org", received.getFrom()[0].toString());
            Multipart mixed = (Multipart) received.getContent();
            Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
            assertEquals("3 files <missing>", alternative.getBodyPart(0).getContent().toString().strip());
            assertTrue(alternative.getBodyPart(1).isMimeType("text/html"));
            assertTrue(alternative.getBodyPart(1).getContent().toString().contains("3 files &lt;missing&gt;"));
            BodyPart attachment = mixed.getBodyPart(1);
            assertEquals(Part.ATTACHMENT, attachment.getDisposition());
            assertEquals("report.csv", attachment.getFileName());
            assertEquals("file;bytes\na.txt;12\n", new String(attachment.getInputStream().readAllBytes()).replace("\r\n", "\n"));
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void whenRecordingTheMailIsWrittenToAFileAndKeptNotSent() throws Exception {
        // port 1 has no SMTP server: a sent mail would fail
        Mailer mailer = new Mailer(Map.of("PS_SMTP_HOST", "127.0.0.1", "PS_SMTP_PORT", "1"), dir.resolve("LOG/mail"));
        Path file = mailer.send(Mail.of(List.of("ops@example.org"), "Subject\nwith a break", "body"));
        assertNotNull(file);
        assertTrue(file.getFileName().toString().endsWith(".eml"));
        String eml = Files.readString(file);
        assertTrue(eml.contains("Subject: Subject with a break") && eml.contains("To: ops@example.org"), eml);
        assertEquals("Subject with a break", mailer.last().getSubject());
    }

    @Test
    void aMailThatCannotBeSentIsAnErrorAndBadSettingsAreNamed() throws Exception {
        Mailer mailer = new Mailer(Map.of("PS_SMTP_HOST", "127.0.0.1", "PS_SMTP_PORT", "1", "PS_SMTP_TLS", "none"), null);
        assertThrows(BasicException.class, () -> mailer.send(Mail.of(List.of("a@example.org"), "s", "t")));
        assertTrue(assertThrows(BasicException.class, () -> new Mailer(Map.of("PS_SMTP_TLS", "maybe"), null))
                .getMessage().contains("PS_SMTP_TLS"));
    }
}
