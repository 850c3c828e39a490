package ps.bridge.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InputBudgetTest {
    static final long MIB = 1024 * 1024;

    @Test
    void grantsWithinTheBudgetAndRefusesBeyondItAfterWaiting() throws Exception {
        InputBudget budget = new InputBudget(MIB, 200);
        assertTrue(budget.take(MIB - 10, InputBudget.OVERDRAFT_BYTES));
        long start = System.nanoTime();
        assertFalse(budget.take(1000, InputBudget.OVERDRAFT_BYTES), "over the budget");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150), "waited before refusing");
        assertEquals(MIB - 10, budget.used());
    }

    @Test
    void aWaitingSenderGoesOnWhenBytesAreReleased() throws Exception {
        InputBudget budget = new InputBudget(MIB, 10_000);
        assertTrue(budget.take(MIB, InputBudget.OVERDRAFT_BYTES));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.take(4096, InputBudget.OVERDRAFT_BYTES);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(waiting.isDone(), "back-pressure: waits while the budget is spent");
        budget.give(8192);
        assertTrue(waiting.get(5, TimeUnit.SECONDS));
        assertEquals(MIB - 8192 + 4096, budget.used());
    }

    @Test
    void aConnectionsFirstBytesAreGrantedEvenOverTheBudget() throws Exception {
        InputBudget budget = new InputBudget(MIB, 0);
        assertTrue(budget.take(MIB, InputBudget.OVERDRAFT_BYTES));
        assertTrue(budget.take(1000, 0), "a small record from a fresh connection still flows");
        assertFalse(budget.take(InputBudget.OVERDRAFT_BYTES, 1000), "but not beyond the overdraft");
    }

    @Test
    void theStreamTakesWhatItReadsAndGivesItBackWhenStored() throws Exception {
        InputBudget budget = new InputBudget(MIB, 0);
        ProgressInputStream in = new ProgressInputStream(new ByteArrayInputStream(new byte[300_000]), budget);
        byte[] buffer = new byte[100_000];
        assertEquals(100_000, in.read(buffer, 0, buffer.length));
        assertEquals(100_000, budget.used());
        long mark = in.bytesRead();
        assertEquals(100_000, in.read(buffer, 0, buffer.length));
        in.releaseTo(mark);
        assertEquals(100_000, budget.used());
        in.releaseAll();
        assertEquals(0, budget.used());
    }

    @Test
    void theStreamRefusesASenderOverTheBudget() throws Exception {
        InputBudget budget = new InputBudget(MIB, 0);
        assertTrue(budget.take(MIB, InputBudget.OVERDRAFT_BYTES));
        ProgressInputStream in = new ProgressInputStream(new ByteArrayInputStream(new byte[300_000]), budget);
        byte[] buffer = new byte[200_000];
        ProgressInputStream.OverBudget e = assertThrows(ProgressInputStream.OverBudget.class,
                () -> in.read(buffer, 0, buffer.length));
        assertTrue(e.getMessage().contains("over the input memory budget of 1 MiB"), e.getMessage());
    }
}
