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
 * (docs/protocol.md). The HELLO passes the {@link HelloCheck} before any record is read. A RECORD frame read
 * whole whose fields are bad throws {@link RefusedRecord} with its sequence number.
 */
public final class NativeStreamReader implements RecordReader {
    private final InputStream in;
    private final int maxFrameBytes;
    private final HelloCheck helloCheck;
    /** The short strings every record of a connection repeats, decoded once (see {@link TextCache}). */
    private final NativeProtocol.Strings strings = new TextCache()::utf8;
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
        try {
            return NativeProtocol.readRecord(frame.body(), strings).set(LogField.CLIENT_ID, clientId);
        } catch (ProtocolException e) {
            throw new RefusedRecord(e.getMessage(), seq(frame.body()));
        }
    }

    /** The sequence number a refused RECORD body starts with, or 0 when it has none. */
    private static long seq(byte[] body) {
        return body.length < 8 ? 0 : Math.max(0, java.nio.ByteBuffer.wrap(body).getLong());
    }

    /** The client id from the HELLO frame, or null before it arrived. */
    public String clientId() {
        return clientId;
    }
}
