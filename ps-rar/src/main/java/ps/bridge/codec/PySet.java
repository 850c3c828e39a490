package ps.bridge.codec;

import java.util.ArrayList;

/**
 * A decoded Python set or frozenset, kept as a list in pickle order. The decoder fills a set only through
 * ADDITEMS and never changes a frozenset after building it. Equal only to a set of the same kind, so that a
 * frozenset key does not collide with a tuple key.
 */
final class PySet extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    final boolean frozen;

    PySet(boolean frozen, int capacity) {
        super(capacity);
        this.frozen = frozen;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PySet && ((PySet) other).frozen == frozen && super.equals(other);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
