package ps.bridge.codec;

import ps.client.wire.ProtocolException;

/**
 * A record whose frame arrived whole but whose content is bad (invalid UTF-8, sequence number 0, bad JSON,
 * a syslog line that does not parse, a forbidden pickle opcode). The stream is still in step with the
 * frames: the bridge refuses this record alone and reads on.
 */
public final class RefusedRecord extends ProtocolException {
    private static final long serialVersionUID = 1L;

    private final long seq;

    public RefusedRecord(String reason) {
        this(reason, 0);
    }

    /** @param seq the refused record's sequence number (native input), or 0 when it has none */
    public RefusedRecord(String reason, long seq) {
        super(reason);
        this.seq = seq;
    }

    /** The refused record's sequence number on the native input, or 0 when none could be read. */
    public long seq() {
        return seq;
    }
}
