package ps.client.wire;

/** A record whose frame would exceed the bridge's limit: it can never be delivered, so it is dropped. */
public final class RecordTooLargeException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(message);
    }
}
