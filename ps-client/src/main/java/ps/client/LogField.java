package ps.client;

/**
 * The text fields of a PS log record. The column name is the original herald's column name (or PS's own
 * addition), the tag is the field's number in the native protocol. Tags are part of the wire format:
 * never renumber one, only add.
 */
public enum LogField {
    LEVELNAME(1),
    NAME(2),
    MODULE(3),
    FUNCNAME(4),
    PATHNAME(5),
    FILENAME(6),
    MESSAGE(7),
    EXC_TEXT(8),
    STACK_INFO(9),
    THREAD(10),
    THREADNAME(11),
    PROCESS(12),
    PROCESSNAME(13),
    PACKAGE_VERSION(14),
    API_VERSION(15),
    PRODUKT_ID(16),
    SYSTEM_ID(17),
    SUB_SYSTEM_ID(18),
    SUB_SUB_SYSTEM_ID(19),
    USER_SPEC_1(20),
    USER_SPEC_2(21),
    SUMMARY(22),
    STAGE(23),
    /** Which input received the record: native, pickle, gelf, syslog. Set by the bridge. */
    INPUT(24),
    /** The sending peer's address. Set by the bridge. */
    PEER(25),
    /** The sending client's id, with the record's sequence number the key for duplicate suppression. */
    CLIENT_ID(26),
    /** Fields the input carried beyond PS's columns, as a JSON object. */
    EXTRA(27),
    /**
     * The PS instances a forwarded record passed, origin first, comma-separated; each forwarder appends its
     * own id, and does not forward a record that passed it already or made too many hops.
     */
    ROUTE(28);

    private static final LogField[] BY_TAG = new LogField[64];

    static {
        for (LogField field : values()) {
            BY_TAG[field.tag] = field;
        }
    }

    private final int tag;
    private final String column;

    LogField(int tag) {
        this.tag = tag;
        this.column = name().toLowerCase(java.util.Locale.ROOT);
    }

    public int tag() {
        return tag;
    }

    /** The SQL column and JSON property name. */
    public String column() {
        return column;
    }

    /** @return the field of a wire tag, or null for a tag this version does not know (to be skipped). */
    public static LogField ofTag(int tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }
}
