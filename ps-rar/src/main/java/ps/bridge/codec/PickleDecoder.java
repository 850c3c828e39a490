package ps.bridge.codec;

import static ps.bridge.codec.PickleOpcodes.*;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import ps.client.wire.ProtocolException;

/**
 * Decodes a pickle of plain data without Python's unpickler: an allow-list state machine over the bytes.
 * Only opcodes that build dicts, lists, tuples, sets, str, bytes, int, float, bool and None are accepted;
 * every opcode that would look up, instantiate or call anything (GLOBAL, REDUCE, BUILD, ...) refuses the
 * whole pickle. The result is built from {@link Map} (insertion-ordered), {@link List} (tuples and sets too),
 * {@link String}, {@code byte[]}, {@link Long}, {@link BigInteger}, {@link Double}, {@link Boolean} and null.
 *
 * <p>Note that CPython pickles {@code bytes} with protocols 0-2, {@code set} with 0-3 and {@code bytearray}
 * with 0-4 through GLOBAL and REDUCE; such pickles are refused like any other object.
 */
public final class PickleDecoder {
    /** Containers nested deeper than this (the top-level dict is level 1) are refused. */
    public static final int MAX_DEPTH = 100;
    /** The most values one pickle may push, and the most a shared (memo) structure may expand to. */
    public static final int MAX_ITEMS = 1_000_000;
    /** The most memo entries one pickle may create. */
    public static final int MAX_MEMO = 100_000;
    /** The longest integer, in two's-complement bytes (2048 bits). */
    public static final int MAX_INT_BYTES = 256;
    /** The most elements (plus one per tuple) in all tuple and frozenset dict keys of one pickle. */
    static final int MAX_KEY_ITEMS = 10_000;
    /**
     * The decoded values of a pickle may take this many bytes of heap per byte of pickle, plus
     * {@link #HEAP_ALLOWANCE}: one-byte opcodes (EMPTY_DICT, EMPTY_LIST, an empty string) each build an
     * object of dozens of bytes, so a frame of them repeated would otherwise decode to fifty times its size
     * (a dict of small ints really takes some twelve times its pickle: the bound leaves room for that).
     */
    static final int HEAP_PER_BYTE = 16;
    static final int HEAP_ALLOWANCE = 256 << 10;
    /** The most entries in all dicts of one pickle whose keys are of more than one type. */
    static final int MAX_MIXED_KEY_ENTRIES = 10_000;

    private static final int HIGHEST_PROTOCOL = 5;
    /** 2048 bits have at most 617 decimal digits. */
    private static final int MAX_INT_DIGITS = 617;

    private final byte[] buf;
    /** Short strings repeated from pickle to pickle of one connection; null decodes every string anew. */
    private final TextCache texts;
    private final int start;
    private final int end;
    private int pos;
    private int op;
    private int opAt;

    private Object[] stack;
    private int sp;
    /** Stack positions of the open MARKs; values below the innermost one are out of reach, as in CPython. */
    private int[] marks = new int[8];
    private int markCount;
    private int fence;

    private Memo memo;
    private int items;
    /** Containers built; a tree of no more than MAX_DEPTH of them cannot be too deep. */
    private int containers;
    /** Whether a container was pushed a second time (GET, DUP): the result may then be a DAG or cyclic. */
    private boolean shared;
    /** Values that shared containers expand to, counted when they are walked. */
    private int expanded;
    /** Characters that shared references add beyond those in the pickle itself; see {@link #addWeight}. */
    private long weight;
    private final long maxWeight;
    /** Bytes of heap the decoded values take, estimated; see {@link #cost}. */
    private long heap;
    private final long maxHeap;
    private final int maxExpanded;
    private int keyBudget = MAX_KEY_ITEMS;
    private int mixedKeyEntries;

    private PickleDecoder(byte[] buf, int offset, int length, TextCache texts) {
        this.texts = texts;
        this.buf = buf;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
        // a record's SETITEMS has all its keys and values on the stack at once: about one per 14 bytes
        this.stack = new Object[Math.max(16, Math.min(1024, length / 8))];
        this.maxWeight = 4L * length + (1 << 20);
        this.maxHeap = HEAP_PER_BYTE * length + HEAP_ALLOWANCE;
        this.maxExpanded = (int) Math.min(MAX_ITEMS, 2L * length + 10_000);
    }

    /**
     * @return the top-level dict, as a {@code Map<String, Object>} for a logging record
     * @throws ProtocolException naming the reason (and the opcode and offset) when the pickle is refused
     */
    public static Object decode(byte[] pickle) throws ProtocolException {
        return decode(pickle, 0, pickle.length);
    }

    /** Decodes {@code length} bytes from {@code offset}; offsets in messages count from {@code offset}. */
    public static Object decode(byte[] pickle, int offset, int length) throws ProtocolException {
        return decode(pickle, offset, length, null);
    }

    /** As {@link #decode(byte[], int, int)}, taking short strings from (and adding them to) the cache. */
    static Object decode(byte[] pickle, int offset, int length, TextCache texts) throws ProtocolException {
        Objects.checkFromIndexSize(offset, length, pickle.length);
        return new PickleDecoder(pickle, offset, length, texts).run();
    }

    private Object run() throws ProtocolException {
        while (pos < end) {
            opAt = pos - start;
            op = buf[pos++] & 0xff;
            switch (op) {
                case STOP:
                    return stop();
                case PROTO: {
                    int version = u8();
                    if (version > HIGHEST_PROTOCOL) {
                        throw fail("unsupported pickle protocol " + version);
                    }
                    break;
                }
                case FRAME: {
                    long length = s64le();
                    if (length < 0 || length > end - pos) {
                        throw truncated(length);
                    }
                    break;
                }
                case MARK:
                    pushMark();
                    break;
                case POP:
                    if (sp > fence) {
                        sp--;
                    } else if (markCount > 0) {
                        popMark();
                    } else {
                        throw underflow();
                    }
                    break;
                case POP_MARK:
                    sp = popMark();
                    break;
                case DUP: {
                    Object top = peek();
                    noteShared(top);
                    pushShared(top);
                    break;
                }
                case NONE:
                    push(null);
                    break;
                case NEWTRUE:
                    push(Boolean.TRUE);
                    break;
                case NEWFALSE:
                    push(Boolean.FALSE);
                    break;
                case BININT:
                    push((long) s32le());
                    break;
                case BININT1:
                    push((long) u8());
                    break;
                case BININT2:
                    need(2);
                    push((long) ((buf[pos++] & 0xff) | (buf[pos++] & 0xff) << 8));
                    break;
                case INT:
                    push(intLine());
                    break;
                case LONG:
                    push(longLine());
                    break;
                case LONG1:
                    push(littleEndianInteger(u8()));
                    break;
                case LONG4: {
                    int length = s32le();
                    if (length < 0) {
                        throw fail("negative byte count " + length);
                    }
                    if (length > MAX_INT_BYTES) {
                        throw fail("integer of " + length + " bytes exceeds the limit of " + MAX_INT_BYTES);
                    }
                    push(littleEndianInteger(length));
                    break;
                }
                case BINFLOAT: {
                    need(8);
                    long bits = 0;
                    for (int i = 0; i < 8; i++) {
                        bits = bits << 8 | (buf[pos++] & 0xff);
                    }
                    push(Double.longBitsToDouble(bits));
                    break;
                }
                case FLOAT:
                    push(floatLine());
                    break;
                case SHORT_BINUNICODE:
                    push(utf8(u8()));
                    break;
                case BINUNICODE:
                    push(utf8(u32le()));
                    break;
                case BINUNICODE8:
                    push(utf8(s64le()));
                    break;
                case UNICODE:
                    push(unicodeLine());
                    break;
                case SHORT_BINSTRING:
                    push(latin1(u8()));
                    break;
                case BINSTRING: {
                    int length = s32le();
                    if (length < 0) {
                        throw fail("negative length " + length);
                    }
                    push(latin1(length));
                    break;
                }
                case STRING:
                    push(stringLine());
                    break;
                case SHORT_BINBYTES:
                    push(bytes(u8()));
                    break;
                case BINBYTES:
                    push(bytes(u32le()));
                    break;
                case BINBYTES8:
                case BYTEARRAY8:
                    push(bytes(s64le()));
                    break;
                case EMPTY_DICT:
                    // a record's top-level dict has some 25 keys: room for them at once (counted in its cost)
                    push(new PyDict(sp == 0 ? PyDict.FLAT : 2));
                    break;
                case EMPTY_LIST:
                    push(new ArrayList<>());
                    break;
                case EMPTY_TUPLE:
                    push(PyTuple.EMPTY);
                    break;
                case EMPTY_SET:
                    push(new PySet(false, 8));
                    break;
                case TUPLE1:
                case TUPLE2:
                case TUPLE3:
                    tupleOfTop(op - TUPLE1 + 1);
                    break;
                case TUPLE: {
                    int from = popMark();
                    Object[] values = Arrays.copyOfRange(stack, from, sp);
                    sp = from;
                    push(values.length == 0 ? PyTuple.EMPTY : new PyTuple(values));
                    break;
                }
                case LIST: {
                    int from = popMark();
                    ArrayList<Object> list = new ArrayList<>(sp - from);
                    addAll(list, from);
                    push(list);
                    break;
                }
                case DICT: {
                    int from = popMark();
                    PyDict dict = new PyDict(2);
                    putAll(dict, from);
                    push(dict);
                    break;
                }
                case FROZENSET: {
                    int from = popMark();
                    PySet set = new PySet(true, sp - from);
                    addAll(set, from);
                    push(set);
                    break;
                }
                case APPEND: {
                    Object value = pop();
                    list(peek()).add(value);
                    break;
                }
                case APPENDS: {
                    int from = popMark();
                    addAll(list(below(from)), from);
                    break;
                }
                case SETITEM: {
                    Object value = pop();
                    Object key = pop();
                    put(dict(peek()), key, value);
                    break;
                }
                case SETITEMS: {
                    int from = popMark();
                    putAll(dict(below(from)), from);
                    break;
                }
                case ADDITEMS: {
                    int from = popMark();
                    Object target = below(from);
                    if (!(target instanceof PySet) || ((PySet) target).frozen) {
                        throw fail("target is a " + typeName(target) + ", not a set");
                    }
                    addAll((PySet) target, from);
                    break;
                }
                case PUT:
                    memoPut(decimalLine());
                    break;
                case BINPUT:
                    memoPut(u8());
                    break;
                case LONG_BINPUT:
                    memoPut(u32le());
                    break;
                case MEMOIZE:
                    memoPut(memo == null ? 0 : memo.size());
                    break;
                case GET:
                    memoGet(decimalLine());
                    break;
                case BINGET:
                    memoGet(u8());
                    break;
                case LONG_BINGET:
                    memoGet(u32le());
                    break;
                default:
                    throw refused();
            }
        }
        throw new ProtocolException("truncated pickle: " + (end - start) + " bytes without STOP");
    }

    private Object stop() throws ProtocolException {
        if (markCount != 0 || sp != 1) {
            throw fail("leaves " + sp + " values and " + markCount + " MARKs on the stack instead of one value");
        }
        if (pos != end) {
            throw fail((end - pos) + " trailing bytes after STOP");
        }
        Object result = stack[0];
        if (!(result instanceof Map)) {
            throw new ProtocolException("refused pickle: top-level object is a " + typeName(result) + ", not a dict");
        }
        if (shared || containers > MAX_DEPTH) {
            walk(result, 1, shared ? new IdentityHashMap<>() : null);
        }
        return result;
    }

    private ProtocolException refused() {
        if (!PickleOpcodes.known(op)) {
            return new ProtocolException("refused pickle: " + PickleOpcodes.describe(op) + " at offset " + opAt);
        }
        return new ProtocolException("refused pickle opcode " + PickleOpcodes.describe(op) + " at offset " + opAt
                + ": only plain data is accepted, nothing is looked up, instantiated or called");
    }

    // ---- stack and marks

    /**
     * Whether the value is a dict, list, tuple or set. Asked for every value pushed, so by class, not by
     * interface: a failing {@code instanceof Map} scans the value's interfaces, and those checks were an
     * eighth of a pickle connection's time (JFR, IngestBenchmark). The decoder builds only these classes.
     */
    private static boolean isContainer(Object value) {
        return value instanceof PyDict || value instanceof AbstractList;
    }

    private void push(Object value) throws ProtocolException {
        grow(cost(value));
        pushShared(value);
    }

    /** Pushes a value already built (DUP, GET): it costs only its stack slot. */
    private void pushShared(Object value) throws ProtocolException {
        if (isContainer(value)) {
            containers++;
        }
        if (++items > MAX_ITEMS) {
            throw fail("more than " + MAX_ITEMS + " values");
        }
        grow(8);
        if (sp == stack.length) {
            stack = Arrays.copyOf(stack, sp * 2);
        }
        stack[sp++] = value;
    }

    /** Counts bytes of heap; refuses the pickle once they exceed {@link #HEAP_PER_BYTE} times its size. */
    private void grow(long bytes) throws ProtocolException {
        heap += bytes;
        if (heap > maxHeap) {
            throw fail("decoded values would take more than " + maxHeap + " bytes (" + HEAP_PER_BYTE
                    + " per byte of pickle)");
        }
    }

    /** The heap a new value takes beyond its stack slot; dict entries and shared values are counted apart. */
    private long cost(Object value) {
        if (value instanceof String) {
            return 40 + 2L * ((String) value).length();
        } else if (value instanceof byte[]) {
            return 16 + ((byte[]) value).length;
        } else if (value instanceof PyDict) {
            return 64 + ((PyDict) value).reservedBytes();
        } else if (value instanceof PyTuple) {
            return 24 + 4L * ((PyTuple) value).size();
        } else if (value instanceof AbstractList) {
            return 40;
        } else if (value instanceof Long || value instanceof Double || value instanceof BigInteger) {
            return 24;
        }
        return 0;
    }

    private Object pop() throws ProtocolException {
        if (sp <= fence) {
            throw underflow();
        }
        return stack[--sp];
    }

    private Object peek() throws ProtocolException {
        if (sp <= fence) {
            throw underflow();
        }
        return stack[sp - 1];
    }

    /** The value just below a popped MARK at {@code from}: the container that APPENDS etc. fill. */
    private Object below(int from) throws ProtocolException {
        if (from <= fence) {
            throw underflow();
        }
        return stack[from - 1];
    }

    private void pushMark() throws ProtocolException {
        if (markCount > MAX_DEPTH) {
            throw fail("more than " + (MAX_DEPTH + 1) + " open MARKs (nesting limit " + MAX_DEPTH + ")");
        }
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, markCount * 2);
        }
        marks[markCount++] = sp;
        fence = sp;
    }

    /** @return the stack position of the innermost MARK; the values from there up are the caller's */
    private int popMark() throws ProtocolException {
        if (markCount == 0) {
            throw fail("no MARK on the stack");
        }
        int from = marks[--markCount];
        fence = markCount > 0 ? marks[markCount - 1] : 0;
        return from;
    }

    private void tupleOfTop(int n) throws ProtocolException {
        if (sp - fence < n) {
            throw underflow();
        }
        Object[] values = Arrays.copyOfRange(stack, sp - n, sp);
        sp -= n;
        push(new PyTuple(values));
    }

    private void addAll(List<Object> target, int from) {
        for (int i = from; i < sp; i++) {
            target.add(stack[i]);
        }
        sp = from;
    }

    private void putAll(PyDict target, int from) throws ProtocolException {
        if ((sp - from) % 2 != 0) {
            throw fail("odd number of values (" + (sp - from) + ") for key/value pairs");
        }
        for (int i = from; i < sp; i += 2) {
            put(target, stack[i], stack[i + 1]);
        }
        sp = from;
    }

    private void put(PyDict dict, Object key, Object value) throws ProtocolException {
        checkKey(key);
        if (dict.noteKey(key)) {
            mixedKeyEntries += dict.size();
        }
        if (dict.mixedKeys() && ++mixedKeyEntries > MAX_MIXED_KEY_ENTRIES) {
            throw fail("more than " + MAX_MIXED_KEY_ENTRIES + " entries in dicts with keys of different types");
        }
        grow(48);
        dict.put(key, value);
    }

    @SuppressWarnings("unchecked")
    private ArrayList<Object> list(Object target) throws ProtocolException {
        if (target == null || target.getClass() != ArrayList.class) {
            throw fail("target is a " + typeName(target) + ", not a list");
        }
        return (ArrayList<Object>) target;
    }

    private PyDict dict(Object target) throws ProtocolException {
        if (!(target instanceof PyDict)) {
            throw fail("target is a " + typeName(target) + ", not a dict");
        }
        return (PyDict) target;
    }

    // ---- memo

    private void memoPut(long index) throws ProtocolException {
        if (index > Integer.MAX_VALUE) {
            throw fail("memo index " + index + " out of range");
        }
        Object value = peek();
        if (memo == null) {
            // CPython memoizes nearly every str and container: about one entry per 10 bytes of a record
            memo = new Memo(Math.min(1024, (end - start) / 8));
        }
        memo.put((int) index, value);
        if (memo.size() > MAX_MEMO) {
            throw fail("more than " + MAX_MEMO + " memo entries");
        }
    }

    private void memoGet(long index) throws ProtocolException {
        Object value = memo == null ? Memo.MISSING : memo.get(index);
        if (value == Memo.MISSING) {
            throw fail("memo has no entry " + index);
        }
        noteShared(value);
        pushShared(value);
    }

    /** For a value pushed once more by GET or DUP. */
    private void noteShared(Object value) throws ProtocolException {
        if (isContainer(value)) {
            shared = true; // weighed when walked
        } else {
            addWeight(value);
        }
    }

    /**
     * A few bytes of GET can stand for a long string again and again: harmless in memory, but rendering the
     * record (str(), JSON) would write it out each time. So text gained through shared references is
     * limited to four times the pickle's size plus 1 MiB.
     */
    private void addWeight(Object value) throws ProtocolException {
        if (value instanceof String) {
            weight += ((String) value).length();
        } else if (value instanceof byte[]) {
            weight += ((byte[]) value).length;
        } else if (value instanceof BigInteger) {
            weight += ((BigInteger) value).bitLength() / 8;
        }
        if (++weight > maxWeight) {
            throw fail("shared references expand to more than " + maxWeight + " characters");
        }
    }

    // ---- shape checks

    /**
     * Dict keys must be hashable in Python: scalars, or tuples and frozensets of hashables. Those are
     * hashed and compared element by element on every put, so their total size is limited.
     */
    private void checkKey(Object key) throws ProtocolException {
        if (isContainer(key)) {
            checkHashable(key, 1);
        }
    }

    private void checkHashable(Object value, int depth) throws ProtocolException {
        if (value instanceof PyTuple || value instanceof PySet && ((PySet) value).frozen) {
            List<?> elements = (List<?>) value;
            keyBudget -= 1 + elements.size();
            if (keyBudget < 0 || depth > MAX_DEPTH) {
                throw fail("more than " + MAX_KEY_ITEMS + " elements in tuple and frozenset dict keys");
            }
            for (Object element : elements) {
                checkHashable(element, depth + 1);
            }
        } else if (isContainer(value)) {
            throw fail("unhashable dict key of type " + typeName(value));
        }
    }

    /**
     * Depth limit; with shared containers also cycles and the expanded size (exponential DAGs, long text).
     * Runs at STOP, so its reasons name STOP.
     */
    private void walk(Object value, int depth, IdentityHashMap<Object, Boolean> path) throws ProtocolException {
        boolean isMap = value instanceof Map;
        if (!isMap && !(value instanceof List)) {
            if (path != null) {
                addWeight(value);
            }
            return;
        }
        if (depth > MAX_DEPTH) {
            throw fail("containers nested deeper than " + MAX_DEPTH + " levels");
        }
        if (path != null) {
            int size = isMap ? ((Map<?, ?>) value).size() * 2 : ((List<?>) value).size();
            expanded += 1 + size;
            if (expanded > maxExpanded) {
                throw fail("shared references expand to more than " + maxExpanded + " values");
            }
            if (path.put(value, Boolean.TRUE) != null) {
                throw fail("a " + typeName(value) + " contains itself");
            }
        }
        if (isMap) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                walk(entry.getKey(), depth + 1, path);
                walk(entry.getValue(), depth + 1, path);
            }
        } else {
            List<?> list = (List<?>) value;
            for (int i = 0, n = list.size(); i < n; i++) {
                walk(list.get(i), depth + 1, path);
            }
        }
        if (path != null) {
            path.remove(value);
        }
    }

    static String typeName(Object value) {
        if (value == null) {
            return "None";
        } else if (value instanceof String) {
            return "str";
        } else if (value instanceof byte[]) {
            return "bytes";
        } else if (value instanceof Long || value instanceof BigInteger) {
            return "int";
        } else if (value instanceof Double) {
            return "float";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof PyTuple) {
            return "tuple";
        } else if (value instanceof PySet) {
            return ((PySet) value).frozen ? "frozenset" : "set";
        } else if (value instanceof Map) {
            return "dict";
        } else if (value instanceof List) {
            return "list";
        }
        return value.getClass().getSimpleName();
    }

    // ---- reading arguments

    private void need(long n) throws ProtocolException {
        if (n > end - pos || n < 0) {
            throw truncated(n);
        }
    }

    private int u8() throws ProtocolException {
        need(1);
        return buf[pos++] & 0xff;
    }

    private int s32le() throws ProtocolException {
        need(4);
        int value = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | buf[pos + 3] << 24;
        pos += 4;
        return value;
    }

    private long u32le() throws ProtocolException {
        return s32le() & 0xffffffffL;
    }

    /** An 8-byte length; one with the top bit set reads as negative and is refused by {@link #need}. */
    private long s64le() throws ProtocolException {
        need(8);
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return value;
    }

    /** Strict UTF-8; the length is checked against the remaining bytes before anything is allocated. */
    private String utf8(long length) throws ProtocolException {
        need(length);
        int n = (int) length;
        int from = pos;
        pos += n;
        try {
            return texts != null ? texts.utf8(buf, from, n) : ps.client.wire.Utf8.decode(buf, from, n);
        } catch (ProtocolException e) {
            throw fail("invalid UTF-8 in a string of " + n + " bytes");
        }
    }

    /** Python 2 str (BINSTRING, SHORT_BINSTRING): bytes taken as Latin-1 text. */
    private String latin1(long length) throws ProtocolException {
        need(length);
        String text = new String(buf, pos, (int) length, StandardCharsets.ISO_8859_1);
        pos += (int) length;
        return text;
    }

    private byte[] bytes(long length) throws ProtocolException {
        need(length);
        byte[] value = Arrays.copyOfRange(buf, pos, pos + (int) length);
        pos += (int) length;
        return value;
    }

    private Object littleEndianInteger(int n) throws ProtocolException {
        need(n);
        if (n <= 8) {
            long value = 0;
            for (int i = n - 1; i >= 0; i--) {
                value = value << 8 | (buf[pos + i] & 0xff);
            }
            pos += n;
            int shift = 64 - 8 * n;
            return n == 0 ? 0L : value << shift >> shift;
        }
        byte[] bigEndian = new byte[n];
        for (int i = 0; i < n; i++) {
            bigEndian[i] = buf[pos + n - 1 - i];
        }
        pos += n;
        return normalize(new BigInteger(bigEndian));
    }

    private static Object normalize(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /** @return the index of the newline ending the current text argument, which starts at {@code pos} */
    private int lineEnd() throws ProtocolException {
        for (int i = pos; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        throw new ProtocolException("truncated pickle: " + PickleOpcodes.name(op) + " at offset " + opAt
                + " has no end of line");
    }

    private Object intLine() throws ProtocolException {
        int from = pos;
        int to = lineEnd();
        pos = to + 1;
        // protocol 0 and 1 write True and False as INT 01 and 00
        if (to - from == 2 && buf[from] == '0' && (buf[from + 1] == '0' || buf[from + 1] == '1')) {
            return buf[from + 1] == '1';
        }
        return integer(from, to);
    }

    private Object longLine() throws ProtocolException {
        int from = pos;
        int to = lineEnd();
        pos = to + 1;
        return integer(from, to > from && buf[to - 1] == 'L' ? to - 1 : to);
    }

    private Object integer(int from, int to) throws ProtocolException {
        int i = from;
        boolean negative = false;
        if (i < to && (buf[i] == '-' || buf[i] == '+')) {
            negative = buf[i] == '-';
            i++;
        }
        int digits = to - i;
        if (digits == 0) {
            throw fail("invalid integer '" + snippet(from, to) + "'");
        }
        if (digits > MAX_INT_DIGITS) {
            throw fail("integer of " + digits + " digits exceeds the limit of " + MAX_INT_DIGITS);
        }
        long value = 0;
        for (int j = i; j < to; j++) {
            int digit = buf[j] - '0';
            if (digit < 0 || digit > 9) {
                throw fail("invalid integer '" + snippet(from, to) + "'");
            }
            value = value * 10 + digit;
        }
        if (digits <= 18) {
            return negative ? -value : value;
        }
        BigInteger big = new BigInteger(text(i, to));
        if (big.bitLength() >= MAX_INT_BYTES * 8) {
            throw fail("integer of " + digits + " digits exceeds the limit of " + MAX_INT_BYTES + " bytes");
        }
        return normalize(negative ? big.negate() : big);
    }

    private long decimalLine() throws ProtocolException {
        int from = pos;
        int to = lineEnd();
        pos = to + 1;
        if (to == from || to - from > 10) {
            throw fail("invalid memo index '" + snippet(from, to) + "'");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = buf[i] - '0';
            if (digit < 0 || digit > 9) {
                throw fail("invalid memo index '" + snippet(from, to) + "'");
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private Double floatLine() throws ProtocolException {
        int from = pos;
        int to = lineEnd();
        pos = to + 1;
        String text = text(from, to);
        switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "inf": case "+inf": case "infinity": case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan": case "+nan": case "-nan":
                return Double.NaN;
            default:
                break;
        }
        boolean digit = false;
        for (int i = from; i < to; i++) {
            int c = buf[i];
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') {
                throw fail("invalid float '" + snippet(from, to) + "'");
            }
        }
        try {
            if (digit) {
                return Double.parseDouble(text);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fail("invalid float '" + snippet(from, to) + "'");
    }

    /** UNICODE (protocol 0): raw-unicode-escape, i.e. Latin-1 bytes with backslash-u and backslash-U escapes. */
    private String unicodeLine() throws ProtocolException {
        int from = pos;
        int to = lineEnd();
        pos = to + 1;
        int backslash = indexOf('\\', from, to);
        if (backslash < 0) {
            return text(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int c = buf[i] & 0xff;
            if (c != '\\' || i + 1 == to || (buf[i + 1] != 'u' && buf[i + 1] != 'U')) {
                // a backslash before anything but u/U stays, and so does the character after it
                out.append((char) c);
                if (c == '\\' && i + 1 < to) {
                    out.append((char) (buf[i + 1] & 0xff));
                    i++;
                }
                i++;
                continue;
            }
            int count = buf[i + 1] == 'u' ? 4 : 8;
            if (i + 2 + count > to) {
                throw fail("truncated \\u escape");
            }
            int codePoint = 0;
            for (int j = i + 2; j < i + 2 + count; j++) {
                int hex = Character.digit(buf[j], 16);
                if (hex < 0) {
                    throw fail("invalid \\u escape '" + snippet(i, i + 2 + count) + "'");
                }
                codePoint = codePoint << 4 | hex;
            }
            if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
                throw fail("\\U escape out of range '" + snippet(i, i + 2 + count) + "'");
            }
            out.appendCodePoint(codePoint);
            i += 2 + count;
        }
        // escaped surrogate pairs (narrow Python 2 builds) join up; a lone surrogate is refused like in UTF-8
        for (int j = 0, n = out.length(); j < n; j++) {
            char c = out.charAt(j);
            if (Character.isHighSurrogate(c) && j + 1 < n && Character.isLowSurrogate(out.charAt(j + 1))) {
                j++;
            } else if (Character.isSurrogate(c)) {
                throw fail("lone surrogate \\u" + Integer.toHexString(c) + " in text");
            }
        }
        return out.toString();
    }

    /** STRING (Python 2, protocol 0): a quoted literal with Python's bytes escapes, taken as Latin-1 text. */
    private String stringLine() throws ProtocolException {
        int from = pos;
        int to = lineEnd();
        pos = to + 1;
        if (to - from < 2 || (buf[from] != '\'' && buf[from] != '"') || buf[to - 1] != buf[from]) {
            throw fail("STRING argument is not quoted");
        }
        from++;
        to--;
        if (indexOf('\\', from, to) < 0) {
            return text(from, to);
        }
        byte[] out = new byte[to - from];
        int n = 0;
        int i = from;
        while (i < to) {
            byte c = buf[i++];
            if (c != '\\') {
                out[n++] = c;
                continue;
            }
            if (i == to) {
                throw fail("STRING ends with a lone backslash");
            }
            c = buf[i++];
            switch (c) {
                case '\n': break;
                case '\\': out[n++] = '\\'; break;
                case '\'': out[n++] = '\''; break;
                case '"': out[n++] = '"'; break;
                case 'b': out[n++] = '\b'; break;
                case 'f': out[n++] = '\f'; break;
                case 't': out[n++] = '\t'; break;
                case 'n': out[n++] = '\n'; break;
                case 'r': out[n++] = '\r'; break;
                case 'v': out[n++] = 0x0b; break;
                case 'a': out[n++] = 0x07; break;
                case 'x': {
                    int high = i < to ? Character.digit(buf[i], 16) : -1;
                    int low = i + 1 < to ? Character.digit(buf[i + 1], 16) : -1;
                    if (high < 0 || low < 0) {
                        throw fail("invalid \\x escape in STRING");
                    }
                    out[n++] = (byte) (high << 4 | low);
                    i += 2;
                    break;
                }
                default:
                    if (c >= '0' && c <= '7') {
                        int value = c - '0';
                        for (int k = 0; k < 2 && i < to && buf[i] >= '0' && buf[i] <= '7'; k++) {
                            value = value * 8 + buf[i++] - '0';
                        }
                        out[n++] = (byte) value;
                    } else {
                        out[n++] = '\\';
                        out[n++] = c;
                    }
                    break;
            }
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    private int indexOf(int b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private String text(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The start of a text argument, for an error message. */
    private String snippet(int from, int to) {
        return to - from <= 40 ? text(from, to) : text(from, from + 40) + "...";
    }

    // ---- errors

    private ProtocolException fail(String reason) {
        return new ProtocolException("refused pickle: " + PickleOpcodes.name(op) + " at offset " + opAt + ": " + reason);
    }

    private ProtocolException underflow() {
        return fail("stack underflow");
    }

    private ProtocolException truncated(long needed) {
        return new ProtocolException("truncated pickle: " + PickleOpcodes.name(op) + " at offset " + opAt + " needs "
                + (needed < 0 ? Long.toUnsignedString(needed) : String.valueOf(needed)) + " bytes, "
                + (end - pos) + " left");
    }
}
