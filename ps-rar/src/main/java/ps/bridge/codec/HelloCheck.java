package ps.bridge.codec;

import ps.client.wire.NativeProtocol.Hello;
import ps.client.wire.ProtocolException;

/** Decides whether a native client may send, from its HELLO; refusing throws with the reason. */
@FunctionalInterface
public interface HelloCheck {
    HelloCheck OPEN = hello -> {
    };

    void check(Hello hello) throws ProtocolException;
}
