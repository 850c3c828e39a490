package ps.bridge.codec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A decoded Python dict, in insertion order; the decoder is the only one that changes it. Up to
 * {@link #FLAT} entries (a logging record has some 25) it keeps keys and values in one array, searched one
 * by one with the keys' hash codes compared first: no entry object per key, no hash table, and the mapper
 * reads them by position ({@link #key}, {@link #value}). A bigger dict moves into a {@link LinkedHashMap}.
 *
 * <p>It notes whether its keys are of more than one class: HashMap keeps colliding keys of one comparable
 * class (str, int, float) in a sorted tree, but has to search keys of different classes one by one, so the
 * decoder limits how many entries such dicts may get.
 */
final class PyDict extends AbstractMap<Object, Object> {
    /** The most entries searched one by one; a flat dict of them costs no more heap than the decoder counts. */
    static final int FLAT = 32;

    /** key, value, key, value, ... in insertion order, while flat; null once in {@link #large}. */
    private Object[] items;
    private int[] hashes;
    /** One bit per key put, chosen by its hash: a key whose bit is not set is new without a search. */
    private long filter;
    private int size;
    private LinkedHashMap<Object, Object> large;
    private Class<?> keyClass;
    private boolean mixedKeys;

    /**
     * @param expected the entries to make room for (at most FLAT): room for more than 2 is made at once
     *                 (see {@link #reservedBytes}), for 2 at the first put
     */
    PyDict(int expected) {
        if (expected > 2) {
            int capacity = Math.min(FLAT, expected);
            items = new Object[2 * capacity];
            hashes = new int[capacity];
        }
    }

    /** The heap taken by room made in advance, beyond what the decoder counts per entry. */
    int reservedBytes() {
        return items == null ? 0 : 32 + 4 * items.length + 4 * hashes.length;
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

    /** Whether the entries are kept by position: then {@link #key} and {@link #value} read them. */
    boolean flat() {
        return large == null;
    }

    /** The key of the i-th entry of a flat dict, in insertion order. */
    Object key(int i) {
        return items[2 * i];
    }

    Object value(int i) {
        return items[2 * i + 1];
    }

    @Override
    public int size() {
        return large == null ? size : large.size();
    }

    @Override
    public Object put(Object key, Object value) {
        if (large != null) {
            return large.put(key, value);
        }
        int hash = Objects.hashCode(key);
        long bit = 1L << (hash ^ hash >>> 16); // the shift takes the low 6 bits
        int at = (filter & bit) == 0 ? -1 : find(key, hash);
        if (at >= 0) {
            Object old = items[2 * at + 1];
            items[2 * at + 1] = value; // a key put again keeps its place, as in Python and LinkedHashMap
            return old;
        }
        if (size == FLAT) {
            large = new LinkedHashMap<>(FLAT * 4);
            for (int i = 0; i < size; i++) {
                large.put(items[2 * i], items[2 * i + 1]);
            }
            items = null;
            hashes = null;
            return large.put(key, value);
        }
        if (items == null) {
            items = new Object[4];
            hashes = new int[2];
        } else if (size == hashes.length) {
            int capacity = Math.min(FLAT, size * 2);
            items = Arrays.copyOf(items, 2 * capacity);
            hashes = Arrays.copyOf(hashes, capacity);
        }
        items[2 * size] = key;
        items[2 * size + 1] = value;
        hashes[size++] = hash;
        filter |= bit;
        return null;
    }

    private int find(Object key, int hash) {
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash) {
                Object known = items[2 * i];
                if (known == key || known != null && known.equals(key)) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public Object get(Object key) {
        if (large != null) {
            return large.get(key);
        }
        int at = find(key, Objects.hashCode(key));
        return at < 0 ? null : items[2 * at + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return large != null ? large.containsKey(key) : find(key, Objects.hashCode(key)) >= 0;
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
        if (large != null) {
            return java.util.Collections.unmodifiableMap(large).entrySet();
        }
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<Object, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<Object, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(items[2 * i], items[2 * i + 1]);
                    }
                };
            }
        };
    }
}
