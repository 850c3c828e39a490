package ps.bridge.adapter;

import java.util.Locale;

import ps.bridge.api.IngestAuth;
import ps.bridge.codec.HelloCheck;
import ps.client.Stage;
import ps.client.wire.NativeProtocol.Hello;
import ps.client.wire.ProtocolException;

/**
 * Setting {@code ps.ingest.auth} ({@code PS_INGEST_AUTH}): whether native clients need an ingest token.
 * {@code required} (the default in PRODUCTION) refuses a HELLO without a valid token; {@code optional}
 * admits clients without one but checks a token that is sent, and no client without a token may use a
 * client id bound to one; {@code off} (the default elsewhere) ignores tokens. The tokens and the binding of
 * client ids to them live in the application, which answers through {@link IngestAuth}.
 */
enum IngestPolicy implements HelloCheck {
    OFF, OPTIONAL, REQUIRED;

    static IngestPolicy fromSettings(Stage stage) {
        String value = Settings.get("ps.ingest.auth", stage == Stage.PRODUCTION ? "required" : "off");
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting ps.ingest.auth = " + value + " is not one of required, optional, off");
        }
    }

    @Override
    public void check(Hello hello) throws ProtocolException {
        if (this == OFF) {
            return;
        }
        String client = printable(hello.clientId());
        if (hello.token() == null && this == REQUIRED) {
            throw new ProtocolException("HELLO of client " + client + " without an ingest token (setting ps.ingest.auth=required)");
        }
        IngestAuth.Gate gate = IngestAuth.gate();
        if (gate == null) {
            throw new ProtocolException("ingest tokens are not loaded yet, refusing client " + client + " for now");
        }
        String refusal = gate.admit(hello.clientId(), hello.token());
        if (refusal != null) {
            throw new ProtocolException(printable(refusal));
        }
    }

    /** Client ids and reasons go into log lines: no control characters. */
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
