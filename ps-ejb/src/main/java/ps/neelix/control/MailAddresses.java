package ps.neelix.control;

import java.util.regex.Pattern;

/** A plausibility check for addresses in config files; the mail server has the last word. */
final class MailAddresses {
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,<>\"]+@[^@\\s,<>\"]+");

    private MailAddresses() {
    }

    static boolean plausible(String address) {
        return ADDRESS.matcher(address).matches();
    }
}
