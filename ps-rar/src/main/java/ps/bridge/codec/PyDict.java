package ps.bridge.codec;

import java.util.LinkedHashMap;

/**
 * A decoded Python dict, in insertion order. It notes whether its keys are of more than one class: HashMap
 * keeps colliding keys of one comparable class (str, int, float) in a sorted tree, but has to search keys
 * of different classes one by one, so the decoder limits how many entries such dicts may get.
 */
final class PyDict extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;

    private Class<?> keyClass;
    private boolean mixedKeys;

    PyDict(int capacity) {
        super(capacity);
    }

    boolean mixedKeys() {
        return mixedKeys;
    }

    /** @return whether this key, about to be put, is the first of a second class */
    boolean noteKey(Object key) {
        Class<?> type = key == null ? Void.class : key.getClass();
        if (isEmpty()) {
            keyClass = type;
        } else if (!mixedKeys && type != keyClass) {
            mixedKeys = true;
            return true;
        }
        return false;
    }
}
