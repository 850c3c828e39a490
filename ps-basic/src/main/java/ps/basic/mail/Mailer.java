package ps.basic.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
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

import ps.basic.BasicException;

/**
 * The original's {@code send_a_mail}: multipart/alternative (plain and HTML) plus attachments through
 * SMTP, with the server's settings ({@code PS_SMTP_HOST}, {@code PS_SMTP_PORT}, {@code PS_SMTP_USER},
 * {@code PS_SMTP_PASSWORD}, {@code PS_SMTP_TLS} none/starttls/required/ssl, {@code PS_MAIL_FROM}). When
 * recording (stage TESTING) nothing is sent: each mail is written as an {@code .eml} file and the last one
 * is kept for tests.
 */
public final class Mailer {
    private static final Logger LOG = Logger.getLogger(Mailer.class.getName());
    private static final AtomicLong RECORDED = new AtomicLong();

    private final Session session;
    private final InternetAddress from;
    private final Path recordDir;
    private volatile MimeMessage last;

    /** @param recordDir where mails are recorded instead of sent; null to send them */
    public Mailer(Map<String, String> settings, Path recordDir) {
        String host = settings.getOrDefault("PS_SMTP_HOST", "localhost");
        String port = settings.getOrDefault("PS_SMTP_PORT", "25");
        String user = settings.get("PS_SMTP_USER");
        String password = settings.getOrDefault("PS_SMTP_PASSWORD", "");
        String tls = settings.getOrDefault("PS_SMTP_TLS", "starttls").strip().toLowerCase(Locale.ROOT);
        if (!port.matches("[0-9]{1,5}")) {
            throw new BasicException(BasicException.CONFIG, "setting PS_SMTP_PORT='" + port + "' is not a port");
        }
        if (!java.util.List.of("none", "starttls", "required", "ssl").contains(tls)) {
            throw new BasicException(BasicException.CONFIG, "setting PS_SMTP_TLS='" + tls
                    + "' is not one of none, starttls, required, ssl");
        }
        String protocol = tls.equals("ssl") ? "smtps" : "smtp";
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", protocol);
        properties.put("mail." + protocol + ".host", host);
        properties.put("mail." + protocol + ".port", port);
        properties.put("mail." + protocol + ".connectiontimeout", "5000");
        properties.put("mail." + protocol + ".timeout", "10000");
        properties.put("mail." + protocol + ".writetimeout", "10000");
        if (tls.equals("starttls") || tls.equals("required")) {
            properties.put("mail.smtp.starttls.enable", "true");
        }
        if (tls.equals("required")) {
            properties.put("mail.smtp.starttls.required", "true");
        }
        if (tls.equals("ssl")) {
            properties.put("mail.smtps.ssl.checkserveridentity", "true");
        }
        Authenticator authenticator = null;
        if (user != null && !user.isBlank()) {
            properties.put("mail." + protocol + ".auth", "true");
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        session = Session.getInstance(properties, authenticator);
        String sender = settings.getOrDefault("PS_MAIL_FROM", "ps@localhost");
        try {
            from = new InternetAddress(sender, true);
        } catch (MessagingException e) {
            throw new BasicException(BasicException.CONFIG, "setting PS_MAIL_FROM='" + sender + "' is not a mail address");
        }
        this.recordDir = recordDir;
    }

    public boolean recording() {
        return recordDir != null;
    }

    /** The mail as it leaves. */
    public MimeMessage compose(Mail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", mail.to()), true));
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(new Date());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.htmlOrText(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        if (mail.attachments().isEmpty()) {
            message.setContent(alternative);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternative);
            mixed.addBodyPart(body);
            for (Path file : mail.attachments()) {
                if (!Files.isReadable(file)) {
                    throw new MessagingException("attachment " + file + " cannot be read");
                }
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new FileDataSource(file.toFile())));
                part.setFileName(file.getFileName().toString());
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        return message;
    }

    /**
     * Sends the mail, or records it.
     *
     * @return the recorded file, or null when sent
     * @throws BasicException when it can be neither composed nor sent (logged as ERROR too)
     */
    public Path send(Mail mail) {
        try {
            MimeMessage message = compose(mail);
            last = message;
            if (recordDir != null) {
                Files.createDirectories(recordDir);
                Path file = recordDir.resolve(System.currentTimeMillis() + "-" + RECORDED.incrementAndGet() + ".eml");
                try (OutputStream out = Files.newOutputStream(file)) {
                    message.writeTo(out);
                }
                LOG.log(Level.INFO, "mail to {0} recorded, not sent: {1} ({2})",
                        new Object[] {mail.to(), mail.subject(), file});
                return file;
            }
            Transport.send(message);
            LOG.log(Level.INFO, "mail to {0} sent: {1}", new Object[] {mail.to(), mail.subject()});
            return null;
        } catch (MessagingException | IOException e) {
            LOG.log(Level.SEVERE, "mail to " + mail.to() + " (" + mail.subject() + ") failed: " + e, e);
            throw new BasicException(BasicException.FAILED, "mail to " + mail.to() + " failed: " + e.getMessage(), e);
        }
    }

    /** The last mail sent or recorded (for tests), or null. */
    public MimeMessage last() {
        return last;
    }
}
