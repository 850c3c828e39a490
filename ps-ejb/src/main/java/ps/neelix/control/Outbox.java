package ps.neelix.control;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import ps.neelix.entity.Alert;
import ps.neelix.entity.Durations;
import ps.neelix.entity.MailRecord;

/**
 * Neelix's outbox: alerts leave from a thread of their own as mails (retried as {@link MailRetry} says) and
 * webhooks, so a slow mail server delays no evaluation; each attempt goes into the mail log and each
 * reaction into a WARNING record.
 */
public final class Outbox {
    private static final Logger LOG = Logger.getLogger("ps.neelix");

    private final ScheduledExecutorService executor;
    private final Mailer mailer;
    private final MailTemplates templates;
    private final Webhook webhook = new Webhook();
    private final MailRetry retries;
    private final NeelixRepository repository;
    private final Reactions reactions;
    private final String stage;
    private final String mailFrom;
    private final String smtpServer;

    /** @param smtpServer host:port, for the warning when it cannot be reached at start */
    public Outbox(ThreadFactory threads, Mailer mailer, MailTemplates templates, MailRetry retries,
                  NeelixRepository repository, Reactions reactions, String stage, String mailFrom, String smtpServer) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, threads);
        // a mail retry still waiting at shut-down is dropped, not run later against a closed store
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = pool;
        this.mailer = mailer;
        this.templates = templates;
        this.retries = retries;
        this.repository = repository;
        this.reactions = reactions;
        this.stage = stage;
        this.mailFrom = mailFrom;
        this.smtpServer = smtpServer;
    }

    /**
     * Renders every template once and composes a message, on the outbox thread, so the first real alert does
     * not pay for class loading and template compilation; a broken override template shows up in the log at start.
     */
    public void warmUp() {
        executor.execute(() -> {
            for (String kind : List.of("match", "down", "up")) {
                try {
                    MailTemplates.Rendered mail = templates.render(kind, Map.of("stage", stage, "message", "warm-up",
                            "digest", false, "failed", false, "count", 1));
                    mailer.compose(mail, List.of(mailFrom)).writeTo(java.io.OutputStream.nullOutputStream());
                } catch (Exception e) {
                    LOG.warning("neelix: mail template '" + kind + "' cannot be used: " + e);
                }
            }
            try {
                mailer.probe();
            } catch (Exception e) {
                LOG.warning("neelix: the SMTP server " + smtpServer
                        + " (settings PS_SMTP_*) cannot be reached now; mails will be tried when due: " + e);
            }
        });
    }

    public void dispatch(Alert alert) {
        executor.execute(() -> deliver(alert));
    }

    /** Lets what is being sent finish (up to 10 s); retries still waiting are dropped. */
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the outbox thread: mail, webhook, mail log, WARNING record. */
    private void deliver(Alert alert) {
        String outcome = "";
        if (!alert.mailTo().isEmpty()) {
            outcome = mail(alert, 1);
        }
        if (alert.webhook() != null) {
            try {
                webhook.post(alert.webhook(), json(alert));
                outcome += " (webhook posted)";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warning("neelix: webhook " + alert.webhook() + " for " + alert + " failed: " + e);
                outcome += " (webhook FAILED: " + e.getMessage() + ")";
            }
        }
        reactions.record(alert.warning() + outcome, alert.kind().name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * One attempt at an alert's mail, written to the mail log; when the SMTP server did not take it, the
     * next attempt is scheduled on the outbox (a broken template is not tried again). Returns the outcome
     * for the reaction's record.
     */
    private String mail(Alert alert, int attempt) {
        String subject = "";
        String text = null;
        String html = null;
        String status;
        String error = null;
        boolean retry = false;
        long begun = System.currentTimeMillis();
        long rendered = begun;
        try {
            MailTemplates.Rendered mail = templates.render(alert.kind().template(), alert.model());
            rendered = System.currentTimeMillis();
            subject = mail.subject();
            text = mail.text();
            html = mail.html();
            try {
                status = mailer.deliver(mail, alert.mailTo());
            } catch (jakarta.mail.MessagingException | java.io.IOException e) {
                error = e.toString();
                retry = retries.another(attempt);
                status = retry ? "failed, retrying" : "failed";
            }
        } catch (Exception e) {
            status = "failed";
            error = e.toString();
        }
        long at = System.currentTimeMillis();
        long latency = at - alert.triggeredAt();
        if (error == null) {
            LOG.info("neelix: mail " + status + " for " + alert + " to " + alert.mailTo() + (attempt > 1 ? " on attempt " + attempt : "")
                    + ", " + latency + " ms after its cause (queued " + (begun - alert.triggeredAt()) + " ms, rendered in "
                    + (rendered - begun) + " ms, " + status + " in " + (at - rendered) + " ms)");
        } else {
            LOG.warning("neelix: mail for " + alert + " to " + alert.mailTo() + " failed on attempt " + attempt + ": " + error
                    + (retry ? "; next attempt in " + Durations.format(retries.delayAfter(attempt)) : "; not tried again"));
        }
        MailRecord record = new MailRecord(at, alert.kind().name(), alert.ruleId(), alert.monitorId(), alert.system(),
                String.join(",", alert.mailTo()), subject, text, html, status, error, latency);
        try {
            repository.logMail(record);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "neelix: mail log not written", e);
        }
        if (retry) {
            Duration delay = retries.delayAfter(attempt);
            try {
                executor.schedule(() -> retryMail(alert, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                LOG.warning("neelix: shutting down, mail for " + alert + " not tried again");
            }
            return " (mail FAILED: " + error + "; attempt " + (attempt + 1) + " of " + (retries.retries() + 1)
                    + " in " + Durations.format(delay) + ")";
        }
        if (error != null) {
            return " (mail FAILED: " + error + (attempt > 1 ? ", attempt " + attempt + " of " + (retries.retries() + 1) : "") + ")";
        }
        return " (mail " + status + (attempt > 1 ? " on attempt " + attempt + " of " + (retries.retries() + 1) : "") + ")";
    }

    /** A later attempt: its outcome gets a record of its own, the reaction's record is written already. */
    private void retryMail(Alert alert, int attempt) {
        String outcome = mail(alert, attempt);
        reactions.record(alert.warning() + outcome, alert.kind().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static String json(Alert alert) {
        JsonObjectBuilder fields = Json.createObjectBuilder();
        alert.model().forEach((key, value) -> {
            if (value instanceof Boolean) {
                fields.add(key, (Boolean) value);
            } else if (value instanceof Number) {
                fields.add(key, ((Number) value).longValue());
            } else if (value != null) {
                fields.add(key, value.toString());
            }
        });
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("kind", alert.kind().name())
                .add("system", alert.system() == null ? "" : alert.system())
                .add("summary", alert.warning())
                .add("fields", fields);
        if (alert.ruleId() != null) {
            body.add("rule", alert.ruleId());
        }
        if (alert.monitorId() != null) {
            body.add("service", alert.monitorId());
        }
        return body.build().toString();
    }
}
