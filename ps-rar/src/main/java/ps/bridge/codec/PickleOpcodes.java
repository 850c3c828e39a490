package ps.bridge.codec;

/** Pickle opcode bytes (CPython's Lib/pickle.py) and their names for error messages. */
final class PickleOpcodes {
    // plain data: accepted
    static final int MARK = '(';
    static final int STOP = '.';
    static final int POP = '0';
    static final int POP_MARK = '1';
    static final int DUP = '2';
    static final int FLOAT = 'F';
    static final int INT = 'I';
    static final int BININT = 'J';
    static final int BININT1 = 'K';
    static final int LONG = 'L';
    static final int BININT2 = 'M';
    static final int NONE = 'N';
    static final int STRING = 'S';
    static final int BINSTRING = 'T';
    static final int SHORT_BINSTRING = 'U';
    static final int UNICODE = 'V';
    static final int BINUNICODE = 'X';
    static final int APPEND = 'a';
    static final int DICT = 'd';
    static final int EMPTY_DICT = '}';
    static final int APPENDS = 'e';
    static final int GET = 'g';
    static final int BINGET = 'h';
    static final int LONG_BINGET = 'j';
    static final int LIST = 'l';
    static final int EMPTY_LIST = ']';
    static final int PUT = 'p';
    static final int BINPUT = 'q';
    static final int LONG_BINPUT = 'r';
    static final int SETITEM = 's';
    static final int TUPLE = 't';
    static final int EMPTY_TUPLE = ')';
    static final int SETITEMS = 'u';
    static final int BINFLOAT = 'G';
    static final int PROTO = 0x80;
    static final int TUPLE1 = 0x85;
    static final int TUPLE2 = 0x86;
    static final int TUPLE3 = 0x87;
    static final int NEWTRUE = 0x88;
    static final int NEWFALSE = 0x89;
    static final int LONG1 = 0x8a;
    static final int LONG4 = 0x8b;
    static final int BINBYTES = 'B';
    static final int SHORT_BINBYTES = 'C';
    static final int SHORT_BINUNICODE = 0x8c;
    static final int BINUNICODE8 = 0x8d;
    static final int BINBYTES8 = 0x8e;
    static final int EMPTY_SET = 0x8f;
    static final int ADDITEMS = 0x90;
    static final int FROZENSET = 0x91;
    static final int MEMOIZE = 0x94;
    static final int FRAME = 0x95;
    static final int BYTEARRAY8 = 0x96;

    // objects, calls and out-of-band data: always refused
    static final int PERSID = 'P';
    static final int BINPERSID = 'Q';
    static final int REDUCE = 'R';
    static final int BUILD = 'b';
    static final int GLOBAL = 'c';
    static final int INST = 'i';
    static final int OBJ = 'o';
    static final int NEWOBJ = 0x81;
    static final int EXT1 = 0x82;
    static final int EXT2 = 0x83;
    static final int EXT4 = 0x84;
    static final int NEWOBJ_EX = 0x92;
    static final int STACK_GLOBAL = 0x93;
    static final int NEXT_BUFFER = 0x97;
    static final int READONLY_BUFFER = 0x98;

    private static final String[] NAMES = new String[256];

    static {
        String[] pairs = {
            "MARK", "(", "STOP", ".", "POP", "0", "POP_MARK", "1", "DUP", "2", "FLOAT", "F", "INT", "I",
            "BININT", "J", "BININT1", "K", "LONG", "L", "BININT2", "M", "NONE", "N", "PERSID", "P",
            "BINPERSID", "Q", "REDUCE", "R", "STRING", "S", "BINSTRING", "T", "SHORT_BINSTRING", "U",
            "UNICODE", "V", "BINUNICODE", "X", "APPEND", "a", "BUILD", "b", "GLOBAL", "c", "DICT", "d",
            "EMPTY_DICT", "}", "APPENDS", "e", "GET", "g", "BINGET", "h", "INST", "i", "LONG_BINGET", "j",
            "LIST", "l", "EMPTY_LIST", "]", "OBJ", "o", "PUT", "p", "BINPUT", "q", "LONG_BINPUT", "r",
            "SETITEM", "s", "TUPLE", "t", "EMPTY_TUPLE", ")", "SETITEMS", "u", "BINFLOAT", "G",
            "BINBYTES", "B", "SHORT_BINBYTES", "C",
        };
        for (int i = 0; i < pairs.length; i += 2) {
            NAMES[pairs[i + 1].charAt(0)] = pairs[i];
        }
        String[] high = {
            "PROTO", "NEWOBJ", "EXT1", "EXT2", "EXT4", "TUPLE1", "TUPLE2", "TUPLE3", "NEWTRUE", "NEWFALSE",
            "LONG1", "LONG4", "SHORT_BINUNICODE", "BINUNICODE8", "BINBYTES8", "EMPTY_SET", "ADDITEMS",
            "FROZENSET", "NEWOBJ_EX", "STACK_GLOBAL", "MEMOIZE", "FRAME", "BYTEARRAY8", "NEXT_BUFFER",
            "READONLY_BUFFER",
        };
        for (int i = 0; i < high.length; i++) {
            NAMES[0x80 + i] = high[i];
        }
    }

    private PickleOpcodes() {
    }

    /** E.g. {@code GLOBAL (0x63 'c')}, or {@code unknown opcode 0xff}. */
    static String describe(int opcode) {
        String hex = String.format("0x%02x", opcode);
        String name = NAMES[opcode];
        if (name == null) {
            return "unknown opcode " + hex;
        }
        return opcode >= 0x21 && opcode < 0x7f ? name + " (" + hex + " '" + (char) opcode + "')" : name + " (" + hex + ")";
    }

    static boolean known(int opcode) {
        return NAMES[opcode] != null;
    }

    static String name(int opcode) {
        String name = NAMES[opcode];
        return name != null ? name : String.format("0x%02x", opcode);
    }
}
