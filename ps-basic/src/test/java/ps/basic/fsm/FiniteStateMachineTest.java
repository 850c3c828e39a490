package ps.basic.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import ps.client.ExtraFields;

class FiniteStateMachineTest {

    /** A counter machine: count up to the context's limit, then done; "boom" goes to the error state. */
    static FiniteStateMachine<int[]> counter(String name) {
        FiniteStateMachine<int[]> fsm = new FiniteStateMachine<>(name);
        State<int[]> count = fsm.state("count", (state, c) -> ++c[0] < c[1] ? "more" : c[0] == 99 ? "boom" : "enough")
                .asInitial().doc("adds one");
        State<int[]> done = fsm.state("done", (state, c) -> "stop").asFinal().doc("all counted");
        State<int[]> failed = fsm.state("failed", (state, c) -> "stop").asError().asFinal().mailTo("ops@example.com");
        count.on("more", count).on("enough", done).otherwise(failed);
        return fsm;
    }

    @Test
    void runFollowsTransitionsAndKeepsTheTrace() {
        FiniteStateMachine<int[]> fsm = counter("t1");
        State<int[]> end = fsm.run(new int[] {0, 3});
        assertEquals("done", end.name());
        assertSame(end, fsm.current());
        assertEquals(List.of("more", "more", "enough", "stop"), fsm.trace());
        fsm.reset();
        assertEquals(List.of(), fsm.trace());
        assertEquals(null, fsm.current());
    }

    @Test
    void aSecondInitialStateIsAnError() {
        FiniteStateMachine<Object> fsm = new FiniteStateMachine<>("t2");
        fsm.state("a", (s, c) -> "x").asInitial();
        State<Object> b = fsm.state("b", (s, c) -> "x");
        IllegalStateException error = assertThrows(IllegalStateException.class, b::asInitial);
        assertTrue(error.getMessage().contains("a") && error.getMessage().contains("b"), error.getMessage());
    }

    @Test
    void noInitialStateIsAnError() {
        FiniteStateMachine<Object> fsm = new FiniteStateMachine<>("t3");
        fsm.state("a", (s, c) -> "x");
        assertThrows(IllegalStateException.class, () -> fsm.run(null));
    }

    @Test
    void anUnknownEventWithoutDefaultIsATransitionError() {
        FiniteStateMachine<Object> fsm = new FiniteStateMachine<>("t4");
        State<Object> a = fsm.state("a", (s, c) -> "surprise").asInitial();
        State<Object> b = fsm.state("b", (s, c) -> "x").asFinal();
        a.on("ok", b);
        TransitionError error = assertThrows(TransitionError.class, () -> fsm.run(null));
        assertEquals("a", error.state());
        assertEquals("surprise", error.event());
        assertEquals(List.of("surprise"), fsm.trace());
    }

    @Test
    void theDefaultTakesUnknownEventsAndEnteringAnErrorStateMails() {
        FiniteStateMachine<int[]> fsm = counter("t5");
        List<String> mails = new ArrayList<>();
        fsm.errorMail((machine, state, recipients, trace, context) -> mails.add(machine + " " + state + " " + recipients + " " + trace));
        assertEquals("failed", fsm.run(new int[] {98, 99}).name());
        assertEquals(List.of("t5 failed [ops@example.com] [boom]"), mails);
    }

    @Test
    void aHandlerThatThrowsStopsTheRunInItsState() {
        FiniteStateMachine<Object> fsm = new FiniteStateMachine<>("t6");
        fsm.state("a", (s, c) -> {
            throw new java.io.IOException("disk gone");
        }).asInitial();
        HandlerFailure failure = assertThrows(HandlerFailure.class, () -> fsm.run(null));
        assertEquals("a", failure.state());
        assertEquals("a", fsm.current().name());
    }

    @Test
    void processReplaysEventsWithoutHandlers() {
        FiniteStateMachine<int[]> fsm = counter("t7");
        assertEquals("done", fsm.process(List.of("more", "more", "enough")).name());
        assertEquals("failed", fsm.process(List.of("what")).name());
        assertEquals(List.of("what"), fsm.trace());
        assertThrows(TransitionError.class, () -> fsm.process(List.of("enough", "more")));
    }

    @Test
    void transitionsListSourceEventDestination() {
        assertEquals(List.of(new Transition("count", "more", "count"), new Transition("count", "enough", "done")),
                counter("t8").transitions());
    }

    @Test
    void statesBelongToOneMachineAndHaveUniqueNames() {
        FiniteStateMachine<Object> one = new FiniteStateMachine<>("t9");
        FiniteStateMachine<Object> other = new FiniteStateMachine<>("t10");
        State<Object> a = one.state("a", (s, c) -> "x");
        State<Object> b = other.state("b", (s, c) -> "x");
        assertThrows(IllegalArgumentException.class, () -> a.on("x", b));
        assertThrows(IllegalArgumentException.class, () -> one.state("a", (s, c) -> "y"));
    }

    @Test
    void eachStepIsAJulRecordWithTheMachineFields() {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger(FiniteStateMachine.LOGGER_PREFIX + "t11");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            counter("t11").run(new int[] {0, 2});
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(4, records.size(), "start, count->count, count->done, done (end)");
        Map<String, String> start = ExtraFields.in(records.get(0)).orElseThrow().fields();
        assertEquals("t11", start.get("fsm_machine"));
        assertEquals("count", start.get("fsm_state"));
        assertTrue(start.get("fsm_definition").startsWith("{\"name\":\"t11\",\"states\":[{\"name\":\"count\",\"initial\":true"),
                start.get("fsm_definition"));
        Map<String, String> step = ExtraFields.in(records.get(2)).orElseThrow().fields();
        assertEquals(Map.of("fsm_machine", "t11", "fsm_state", "count", "fsm_event", "enough", "fsm_next", "done",
                "fsm_context", step.get("fsm_context")), step);
        Map<String, String> end = ExtraFields.in(records.get(3)).orElseThrow().fields();
        assertEquals("stop", end.get("fsm_event"));
        assertTrue(!end.containsKey("fsm_next"));
        assertEquals(Level.INFO, records.get(3).getLevel());
        assertEquals("machine t11: count --enough--> done", records.get(2).getMessage());
    }
}
