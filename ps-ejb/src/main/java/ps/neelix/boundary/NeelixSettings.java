package ps.neelix.boundary;

import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ps.neelix.control.Mailer;
import ps.neelix.entity.Durations;

/** Neelix's settings (README's settings table); a value that cannot work stops start-up naming the setting. */
@ApplicationScoped
public class NeelixSettings {
    @Inject
    @ConfigProperty(name = "ps.smtp.host", defaultValue = "localhost")
    String smtpHost;

    @Inject
    @ConfigProperty(name = "ps.smtp.port", defaultValue = "25")
    String smtpPort;

    @Inject
    @ConfigProperty(name = "ps.smtp.user")
    Optional<String> smtpUser;

    @Inject
    @ConfigProperty(name = "ps.smtp.password")
    Optional<String> smtpPassword;

    @Inject
    @ConfigProperty(name = "ps.smtp.tls", defaultValue = "starttls")
    String smtpTls;

    @Inject
    @ConfigProperty(name = "ps.mail.from", defaultValue = "ps@localhost")
    String mailFrom;

    @Inject
    @ConfigProperty(name = "ps.mail.language", defaultValue = "EN")
    String mailLanguage;

    @Inject
    @ConfigProperty(name = "ps.mail.capture", defaultValue = "false")
    String mailCapture;

    @Inject
    @ConfigProperty(name = "ps.neelix.throttle", defaultValue = "5m")
    String throttle;

    @Inject
    @ConfigProperty(name = "ps.neelix.reminder", defaultValue = "1h")
    String reminder;

    @Inject
    @ConfigProperty(name = "ps.neelix.mail.retries", defaultValue = "4")
    String mailRetries;

    @Inject
    @ConfigProperty(name = "ps.neelix.mail.retry.delay", defaultValue = "30s")
    String mailRetryDelay;

    private int port;
    private ps.neelix.control.MailRetry mailRetry;
    private Mailer.Tls tls;
    private Duration throttleDuration;
    private Duration reminderDuration;

    @PostConstruct
    void validate() {
        try {
            port = Integer.parseInt(smtpPort.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw invalid("PS_SMTP_PORT (ps.smtp.port)", "'" + smtpPort + "' is not a port (1..65535)");
        }
        try {
            tls = Mailer.Tls.parse(smtpTls);
        } catch (IllegalArgumentException e) {
            throw invalid("PS_SMTP_TLS (ps.smtp.tls)", e.getMessage());
        }
        if (!mailLanguage.trim().equalsIgnoreCase("EN") && !mailLanguage.trim().equalsIgnoreCase("DE")) {
            throw invalid("PS_MAIL_LANGUAGE (ps.mail.language)", "'" + mailLanguage + "' is not EN or DE");
        }
        if (!mailCapture.trim().equalsIgnoreCase("true") && !mailCapture.trim().equalsIgnoreCase("false")) {
            throw invalid("PS_MAIL_CAPTURE (ps.mail.capture)", "'" + mailCapture + "' is not true or false");
        }
        try {
            throttleDuration = Durations.parse(throttle);
        } catch (IllegalArgumentException e) {
            throw invalid("PS_NEELIX_THROTTLE (ps.neelix.throttle)", e.getMessage());
        }
        try {
            reminderDuration = Durations.parse(reminder);
        } catch (IllegalArgumentException e) {
            throw invalid("PS_NEELIX_REMINDER (ps.neelix.reminder)", e.getMessage());
        }
        int retries;
        try {
            retries = Integer.parseInt(mailRetries.trim());
            if (retries < 0 || retries > 20) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw invalid("PS_NEELIX_MAIL_RETRIES (ps.neelix.mail.retries)", "'" + mailRetries + "' is not a number in 0..20");
        }
        try {
            mailRetry = new ps.neelix.control.MailRetry(retries, Durations.parse(mailRetryDelay));
        } catch (IllegalArgumentException e) {
            throw invalid("PS_NEELIX_MAIL_RETRY_DELAY (ps.neelix.mail.retry.delay)", e.getMessage());
        }
    }

    public ps.neelix.control.MailRetry mailRetry() {
        return mailRetry;
    }

    private static IllegalStateException invalid(String setting, String reason) {
        return new IllegalStateException("PS cannot start: setting " + setting + ": " + reason);
    }

    public String smtpHost() {
        return smtpHost.trim();
    }

    public int smtpPort() {
        return port;
    }

    public String smtpUser() {
        return smtpUser.orElse("");
    }

    public String smtpPassword() {
        return smtpPassword.orElse("");
    }

    public Mailer.Tls smtpTls() {
        return tls;
    }

    public String mailFrom() {
        return mailFrom.trim();
    }

    public String mailLanguage() {
        return mailLanguage.trim();
    }

    public boolean mailCapture() {
        return Boolean.parseBoolean(mailCapture.trim());
    }

    public Duration throttle() {
        return throttleDuration;
    }

    public Duration reminder() {
        return reminderDuration;
    }
}
