package ps.bridge.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DecodeGateTest {
    @Test
    void aFrameTakesTheMostItMayDecodeTo() throws Exception {
        assertEquals(72 * 1000, DecodeGate.bound(1000), "a small frame: the costliest opcode repeated");
        assertEquals(16 * (1 << 20) + (256 << 10), DecodeGate.bound(1 << 20), "a large one: the decoder's bound");
        assertEquals(DecodeGate.BUDGET_BYTES, DecodeGate.bound(512 << 20), "never more than the whole budget");
        // thousands of normal records fit at once; a megabyte frame takes a quarter of the budget
        assertEquals(4660, DecodeGate.BUDGET_BYTES / DecodeGate.bound(200));
        assertEquals(3, DecodeGate.BUDGET_BYTES / DecodeGate.bound(1 << 20));
        assertEquals("done", DecodeGate.decode(1 << 20, () -> "done"));
    }
}
