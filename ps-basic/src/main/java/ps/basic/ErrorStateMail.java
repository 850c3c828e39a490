package ps.basic;

import java.nio.file.Path;
import java.util.List;

import ps.basic.fsm.ErrorMail;
import ps.basic.mail.Mail;
import ps.basic.mail.Mailer;
import ps.client.Identity;
import ps.client.LogField;
import ps.client.Stage;

/**
 * Mails an error state's recipients through the program's mailer (in TESTING: recorded), with the machine's
 * events and context and the local log attached.
 */
record ErrorStateMail(Mailer mailer, String service, Stage stage, Path localLog) implements ErrorMail {
    @Override
    public void send(String machine, String state, List<String> recipients, List<String> trace, String context) {
        mailer.send(Mail.of(recipients, service + " (" + stage + "): machine " + machine + " entered error state " + state,
                "Machine " + machine + " of " + service + " on " + Identity.defaults().get(LogField.SUB_SYSTEM_ID)
                        + " entered error state " + state + ".\n\nEvents: " + String.join(" -> ", trace)
                        + "\nContext: " + context + "\nLocal log (attached): " + localLog + "\n")
                .attach(localLog));
    }
}
