package ps.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class IngestKeysTest {
    private final IngestKeys keys = new IngestKeys(3);

    IngestKeysTest() {
        keys.addToken(1, ApiTokens.hash("ps_one"));
        keys.addToken(2, ApiTokens.hash("ps_two"));
    }

    @Test
    void aClientIdBelongsToTheFirstTokenThatAnnouncesIt() {
        assertNull(keys.admit("client-a", "ps_one"));
        assertNull(keys.admit("client-a", "ps_one"), "its own token again");
        assertEquals("client id client-a belongs to ingest token #1, not to token #2 of this HELLO",
                keys.admit("client-a", "ps_two"));
        assertEquals("client id client-a belongs to ingest token #1; a HELLO without token may not use it",
                keys.admit("client-a", null));
        assertNull(keys.admit("client-b", null), "an unbound id without token: for the optional mode");
    }

    @Test
    void anUnknownTokenIsRefused() {
        assertEquals("unknown or revoked ingest token in the HELLO of client c", keys.admit("c", "ps_three"));
    }

    @Test
    void newBindingsAreHandedOutOnceForSaving() {
        keys.admit("client-a", "ps_one");
        keys.admit("client-a", "ps_one");
        keys.admit("client-b", "ps_two");
        List<IngestKeys.Binding> bindings = keys.newBindings();
        assertEquals(List.of("client-a", "client-b"), bindings.stream().map(IngestKeys.Binding::clientId).toList());
        assertEquals(List.of(), keys.newBindings());
    }

    @Test
    void revokingForgetsTheTokenAndFreesItsClientIds() {
        keys.admit("client-a", "ps_one");
        keys.revoke(1);
        assertEquals("unknown or revoked ingest token in the HELLO of client client-a", keys.admit("client-a", "ps_one"));
        assertNull(keys.admit("client-a", "ps_two"));
    }

    @Test
    void theNumberOfBoundClientIdsIsBounded() {
        keys.admit("c1", "ps_one");
        keys.admit("c2", "ps_one");
        keys.admit("c3", "ps_one");
        assertEquals("ingest token #1 may not bind client c4: 3 client ids are bound already (setting ps.ingest.max.clients)",
                keys.admit("c4", "ps_one"));
        assertNull(keys.admit("c1", "ps_one"), "ids bound before still work");
    }
}
