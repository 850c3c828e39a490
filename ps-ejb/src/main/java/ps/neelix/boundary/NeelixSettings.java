package ps.neelix.boundary;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import ps.neelix.control.MailRetry;
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

    @Inject
    @ConfigProperty(name = "ps.neelix.rule.mails", defaultValue = "30")
    String ruleMails;

    @Inject
    @ConfigProperty(name = "ps.neelix.rule.mails.window", defaultValue = "1h")
    String ruleMailsWindow;

    @Inject
    @ConfigProperty(name = "ps.neelix.ping.services", defaultValue = "1000")
    String pingServices;

    private int port;
    private int ruleMailCap;
    private Duration ruleMailWindow;
    private int pingServiceCap;
    private MailRetry mailRetry;
    private Mailer.Tls tls;
    private Duration throttleDuration;
    private Duration reminderDuration;

    @PostConstruct
    void validate() {
        port = intIn("PS_SMTP_PORT (ps.smtp.port)", smtpPort, 1, 65535, "a port (1..65535)");
        tls = parsed("PS_SMTP_TLS (ps.smtp.tls)", () -> Mailer.Tls.parse(smtpTls));
        oneOf("PS_MAIL_LANGUAGE (ps.mail.language)", mailLanguage, "EN", "DE");
        oneOf("PS_MAIL_CAPTURE (ps.mail.capture)", mailCapture, "true", "false");
        throttleDuration = parsed("PS_NEELIX_THROTTLE (ps.neelix.throttle)", () -> Durations.parse(throttle));
        reminderDuration = parsed("PS_NEELIX_REMINDER (ps.neelix.reminder)", () -> Durations.parse(reminder));
        int retries = intIn("PS_NEELIX_MAIL_RETRIES (ps.neelix.mail.retries)", mailRetries, 0, 20, "a number in 0..20");
        ruleMailCap = intIn("PS_NEELIX_RULE_MAILS (ps.neelix.rule.mails)", ruleMails, 1, 100_000, "a number in 1..100000");
        ruleMailWindow = parsed("PS_NEELIX_RULE_MAILS_WINDOW (ps.neelix.rule.mails.window)", () -> Durations.parse(ruleMailsWindow));
        if (ruleMailWindow.isZero() || ruleMailWindow.isNegative()) {
            throw invalid("PS_NEELIX_RULE_MAILS_WINDOW (ps.neelix.rule.mails.window)", "must be positive");
        }
        pingServiceCap = intIn("PS_NEELIX_PING_SERVICES (ps.neelix.ping.services)", pingServices, 0, 1_000_000,
                "a number in 0..1000000");
        mailRetry = parsed("PS_NEELIX_MAIL_RETRY_DELAY (ps.neelix.mail.retry.delay)",
                () -> new MailRetry(retries, Durations.parse(mailRetryDelay)));
    }

    /** The value the parser makes of a setting; its IllegalArgumentException's text becomes the start-up error. */
    private static <T> T parsed(String setting, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw invalid(setting, e.getMessage());
        }
    }

    private static int intIn(String setting, String value, int min, int max, String what) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, like a number out of range
        }
        throw invalid(setting, "'" + value + "' is not " + what);
    }

    private static void oneOf(String setting, String value, String first, String second) {
        if (!value.trim().equalsIgnoreCase(first) && !value.trim().equalsIgnoreCase(second)) {
            throw invalid(setting, "'" + value + "' is not " + first + " or " + second);
        }
    }

    private static IllegalStateException invalid(String setting, String reason) {
        return new IllegalStateException("PS cannot start: setting " + setting + ": " + reason);
    }

    public MailRetry mailRetry() {
        return mailRetry;
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

    /** At most this many mails per rule and {@link #ruleMailWindow()}, over all its systems; the rest go into one digest. */
    public int ruleMailCap() {
        return ruleMailCap;
    }

    public Duration ruleMailWindow() {
        return ruleMailWindow;
    }

    /** At most this many services made to appear by pings (an admin's); declared ones do not count. */
    public int pingServiceCap() {
        return pingServiceCap;
    }

    /** The mailer these settings describe; PS_MAIL_CAPTURE is honoured in stage TESTING only. */
    public Mailer mailer(ps.client.Stage stage, java.nio.file.Path captureDir) {
        boolean capture = mailCapture();
        if (capture && stage != ps.client.Stage.TESTING) {
            java.util.logging.Logger.getLogger("ps.neelix")
                    .warning("PS_MAIL_CAPTURE=true is honoured in stage TESTING only; stage " + stage + " sends its mails");
            capture = false;
        }
        return new Mailer(smtpHost(), smtpPort(), smtpUser(), smtpPassword(), smtpTls(), mailFrom(), capture ? captureDir : null);
    }
}
