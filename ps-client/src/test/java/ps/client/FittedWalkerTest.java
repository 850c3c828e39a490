package ps.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The walker's batch follows the last walk's depth; whatever it was, the search sees every frame. */
class FittedWalkerTest {
    private final FittedWalker walker = new FittedWalker();

    /** Counts the frames of {@code nest} below the walk, from a stack {@code depth} of them deep. */
    private int nested(int depth) {
        if (depth > 1) {
            return nested(depth - 1);
        }
        return walker.walk(frames -> {
            int count = 0;
            while (frames.hasNext()) {
                StackWalker.StackFrame frame = frames.next();
                if (frame.getMethodName().equals("nested")) {
                    count++;
                } else if (count > 0) {
                    break;
                }
            }
            return count;
        });
    }

    @Test
    void reflectionsOwnFramesAreHidden() throws Exception {
        java.lang.reflect.Method method = FittedWalkerTest.class.getDeclaredMethod("callerOfWalk");
        assertEquals(FittedWalkerTest.class.getName() + ".reflectionsOwnFramesAreHidden",
                method.invoke(this), "the frame below the reflectively called method");
    }

    private String callerOfWalk() {
        return walker.walk(frames -> {
            while (!frames.next().getMethodName().equals("callerOfWalk")) {
                // the walker's own frame
            }
            StackWalker.StackFrame below = frames.next();
            return below.getClassName() + "." + below.getMethodName();
        });
    }

    @Test
    void aShallowThenDeepThenShallowStackIsWalkedWhole() {
        for (int depth : new int[] {1, 3, 40, 2, 100, 5, 5}) {
            assertEquals(depth, nested(depth), "frames of nested() seen from a stack " + depth + " deep");
        }
    }
}
