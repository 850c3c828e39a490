package ps.bridge.codec;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A decoded Python tuple: an unmodifiable list. As a dict key it must not collide with a frozenset of the
 * same elements, so it equals only another tuple (while {@code List.of(...).equals(tuple)} still holds).
 */
final class PyTuple extends AbstractList<Object> implements RandomAccess {
    static final PyTuple EMPTY = new PyTuple(new Object[0]);

    private final Object[] items;

    PyTuple(Object[] items) {
        this.items = items;
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PyTuple && super.equals(other);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
