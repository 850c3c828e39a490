package ps.bridge.codec;

import java.util.Arrays;
import java.util.HashMap;

/**
 * The pickle memo. CPython numbers entries 0, 1, 2, ..., kept here in an array; an index far beyond the
 * entries so far goes into a map instead, so that a few bytes of pickle cannot make the array huge.
 */
final class Memo {
    /** What {@link #get} returns for an index that was never stored. */
    static final Object MISSING = new Object();
    /** Stands for a memoized None, so that null in the array means "no entry". */
    private static final Object NONE = new Object();

    private Object[] dense;
    private HashMap<Integer, Object> sparse;
    private int size;

    Memo(int expected) {
        dense = new Object[Math.max(expected, 8)];
    }

    int size() {
        return size;
    }

    void put(int index, Object value) {
        Object stored = value == null ? NONE : value;
        if (index < dense.length || index <= 2 * size + 64) {
            if (index >= dense.length) {
                dense = Arrays.copyOf(dense, Math.max(index + 1, dense.length * 2));
            }
            if (dense[index] == null && (sparse == null || sparse.remove(index) == null)) {
                size++;
            }
            dense[index] = stored;
        } else {
            if (sparse == null) {
                sparse = new HashMap<>();
            }
            if (sparse.put(index, stored) == null) {
                size++;
            }
        }
    }

    Object get(long index) {
        Object value = index < dense.length ? dense[(int) index] : null;
        if (value == null && sparse != null && index <= Integer.MAX_VALUE) {
            value = sparse.get((int) index);
        }
        return value == null ? MISSING : value == NONE ? null : value;
    }
}
