package ps.bridge.codec;

import java.io.IOException;
import java.io.InputStream;

import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.wire.NativeProtocol;
import ps.client.wire.NativeProtocol.Frame;
import ps.client.wire.ProtocolException;

/**
 * Reads PS's native protocol: a HELLO naming the client (and carrying its token), then RECORD frames
 * (docs/protocol.md). The HELLO passes the {@link HelloCheck} before any record is read.
 */
public final class NativeStreamReader implements RecordReader {
    private final InputStream in;
    private final int maxFrameBytes;
    private final HelloCheck helloCheck;
    private String clientId;

    public NativeStreamReader(InputStream in, int maxFrameBytes) {
        this(in, maxFrameBytes, HelloCheck.OPEN);
    }

    public NativeStreamReader(InputStream in, int maxFrameBytes, HelloCheck helloCheck) {
        this.in = new java.io.DataInputStream(in);
        this.maxFrameBytes = maxFrameBytes;
        this.helloCheck = helloCheck;
    }

    @Override
    public LogEntry next() throws IOException {
        Frame frame = NativeProtocol.readFrame(in, maxFrameBytes);
        if (frame == null) {
            return null;
        }
        if (clientId == null) {
            if (frame.type() != NativeProtocol.HELLO) {
                throw new ProtocolException("expected HELLO as first frame, got frame type " + frame.type());
            }
            NativeProtocol.Hello hello = NativeProtocol.hello(frame.body());
            helloCheck.check(hello);
            clientId = hello.clientId();
            frame = NativeProtocol.readFrame(in, maxFrameBytes);
            if (frame == null) {
                return null;
            }
        }
        if (frame.type() != NativeProtocol.RECORD) {
            throw new ProtocolException("unexpected frame type " + frame.type() + " (expected RECORD)");
        }
        return NativeProtocol.readRecord(frame.body()).set(LogField.CLIENT_ID, clientId);
    }

    /** The client id from the HELLO frame, or null before it arrived. */
    public String clientId() {
        return clientId;
    }
}
