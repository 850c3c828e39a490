package ps.client.wire;

import java.io.IOException;

/** Input that breaks a protocol: the connection it came on is closed, with this message as the reason. */
public class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String reason) {
        super(reason);
    }
}
