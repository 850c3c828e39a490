package ps.system;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server (GreenMail) on a free port, and the mails it received, each with the time the test
 * first saw it (polled every 10 ms) for latency figures. GreenMail keeps one copy per recipient; a mail
 * here is one Message-ID.
 */
final class MailBox implements AutoCloseable {
    final int port;
    private GreenMail greenMail;
    private final List<MimeMessage> earlier = new ArrayList<>();
    private final Map<String, Mail> seen = new LinkedHashMap<>();

    static final class Mail {
        final MimeMessage message;
        final long seenAt;

        Mail(MimeMessage message, long seenAt) {
            this.message = message;
            this.seenAt = seenAt;
        }

        String subject() {
            try {
                return message.getSubject();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The Date header PS set when it sent the mail (whole seconds), in epoch milliseconds. */
        long sentAt() {
            try {
                return message.getSentDate().getTime();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }

        List<String> to() {
            try {
                return Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }

        String part(String mimeType) {
            try {
                Multipart alternative = (Multipart) message.getContent();
                for (int i = 0; i < alternative.getCount(); i++) {
                    BodyPart part = alternative.getBodyPart(i);
                    if (part.isMimeType(mimeType)) {
                        return part.getContent().toString();
                    }
                }
                return null;
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String text() {
            return part("text/plain");
        }

        String html() {
            return part("text/html");
        }

        @Override
        public String toString() {
            return subject() + " to " + to();
        }
    }

    MailBox() throws IOException {
        port = PsServer.freePort();
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    /** Every mail received so far (one per Message-ID), in order of arrival. */
    synchronized List<Mail> mails() {
        long now = System.currentTimeMillis();
        List<MimeMessage> received = new ArrayList<>(earlier);
        received.addAll(List.of(greenMail.getReceivedMessages()));
        for (MimeMessage message : received) {
            try {
                seen.putIfAbsent(message.getMessageID(), new Mail(message, now));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new ArrayList<>(seen.values());
    }

    List<Mail> mails(Predicate<Mail> filter) {
        return mails().stream().filter(filter).toList();
    }

    /** Waits for the n-th mail that passes the filter; fails after the timeout. */
    Mail await(Predicate<Mail> filter, int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            List<Mail> matching = mails(filter);
            if (matching.size() >= n) {
                return matching.get(n - 1);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no mail #" + n + " within " + timeoutMillis + " ms; received: " + mails());
            }
            Thread.sleep(10);
        }
    }

    static Predicate<Mail> to(String address) {
        return mail -> mail.to().contains(address);
    }

    /** The SMTP server goes away: connections to its port are refused until {@link #startServer()}. */
    synchronized void stopServer() {
        earlier.addAll(List.of(greenMail.getReceivedMessages()));
        greenMail.stop();
    }

    /** A new SMTP server on the same port. */
    synchronized void startServer() {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
