package ps.basic.mail;

import java.nio.file.Path;
import java.util.List;

/**
 * A mail: plain text, an HTML alternative (null: the text, escaped, as HTML, as the original sent it) and
 * files attached.
 */
public record Mail(List<String> to, String subject, String text, String html, List<Path> attachments) {

    public Mail {
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("a mail needs at least one recipient");
        }
        to = List.copyOf(to);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        subject = subject == null ? "" : subject.replaceAll("[\r\n]+", " ");
        text = text == null ? "" : text;
    }

    public static Mail of(List<String> to, String subject, String text) {
        return new Mail(to, subject, text, null, List.of());
    }

    public Mail withHtml(String value) {
        return new Mail(to, subject, text, value, attachments);
    }

    public Mail attach(Path... files) {
        List<Path> all = new java.util.ArrayList<>(attachments);
        all.addAll(List.of(files));
        return new Mail(to, subject, text, html, all);
    }

    /** The HTML part as sent. */
    public String htmlOrText() {
        if (html != null) {
            return html;
        }
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        return "<html><body><pre>" + escaped + "</pre></body></html>";
    }
}
