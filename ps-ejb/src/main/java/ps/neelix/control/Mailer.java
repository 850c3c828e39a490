package ps.neelix.control;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Sends a rendered mail as plain text with an HTML alternative through SMTP (Jakarta Mail), or, when
 * capturing, writes it as an {@code .eml} file instead (stage TESTING, as the original recorded its mails).
 */
public final class Mailer {
    /** How the SMTP connection is protected (setting PS_SMTP_TLS). */
    public enum Tls {
        /** Plain SMTP. */
        NONE,
        /** STARTTLS when the server offers it. */
        STARTTLS,
        /** STARTTLS or fail. */
        REQUIRED,
        /** SMTP over TLS from the start (port 465). */
        SSL;

        public static Tls parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not one of none, starttls, required, ssl");
            }
        }
    }

    private static final AtomicLong CAPTURED = new AtomicLong();
    private final Session session;
    private final InternetAddress from;
    private final Path captureDir;

    /**
     * @param captureDir where captured mails go; null to send them
     */
    public Mailer(String host, int port, String user, String password, Tls tls, String from, Path captureDir) {
        Properties properties = new Properties();
        String protocol = tls == Tls.SSL ? "smtps" : "smtp";
        properties.put("mail.transport.protocol", protocol);
        properties.put("mail." + protocol + ".host", host);
        properties.put("mail." + protocol + ".port", Integer.toString(port));
        properties.put("mail." + protocol + ".connectiontimeout", "5000");
        properties.put("mail." + protocol + ".timeout", "10000");
        properties.put("mail." + protocol + ".writetimeout", "10000");
        if (tls == Tls.STARTTLS || tls == Tls.REQUIRED) {
            properties.put("mail.smtp.starttls.enable", "true");
        }
        if (tls == Tls.REQUIRED) {
            properties.put("mail.smtp.starttls.required", "true");
        }
        if (tls == Tls.SSL) {
            properties.put("mail.smtps.ssl.checkserveridentity", "true");
        }
        Authenticator authenticator = null;
        if (user != null && !user.isBlank()) {
            properties.put("mail." + protocol + ".auth", "true");
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password == null ? "" : password);
                }
            };
        }
        this.session = Session.getInstance(properties, authenticator);
        try {
            this.from = new InternetAddress(from, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("'" + from + "' is not a mail address: " + e.getMessage(), e);
        }
        this.captureDir = captureDir;
    }

    public boolean capturing() {
        return captureDir != null;
    }

    /** The message as it would leave. */
    public MimeMessage compose(MailTemplates.Rendered mail, List<String> to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", to), true));
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("X-PS-Neelix", "1");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /** Connects to the SMTP server and leaves (nothing when capturing): checks the settings early and warms the connection code up. */
    public void probe() throws MessagingException {
        if (captureDir != null) {
            return;
        }
        try (Transport transport = session.getTransport()) {
            transport.connect();
        }
    }

    /**
     * Sends (or captures) the mail.
     *
     * @return "sent" or "captured"
     */
    public String deliver(MailTemplates.Rendered mail, List<String> to) throws MessagingException, IOException {
        MimeMessage message = compose(mail, to);
        if (captureDir != null) {
            Files.createDirectories(captureDir);
            Path file = captureDir.resolve(System.currentTimeMillis() + "-" + CAPTURED.incrementAndGet() + ".eml");
            try (OutputStream out = Files.newOutputStream(file)) {
                message.writeTo(out);
            }
            return "captured";
        }
        Transport.send(message);
        return "sent";
    }
}
