package ps.client.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: malformed input is an error, never silently replaced. */
public final class Utf8 {
    private Utf8() {
    }

    public static String decode(byte[] bytes, int offset, int length) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("invalid UTF-8 in text");
        }
    }

    public static String decode(byte[] bytes) throws ProtocolException {
        return decode(bytes, 0, bytes.length);
    }
}
