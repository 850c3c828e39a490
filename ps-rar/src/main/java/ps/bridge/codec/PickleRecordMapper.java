package ps.bridge.codec;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import ps.client.Level;
import ps.client.LogEntry;
import ps.client.LogField;
import ps.client.Stage;

/**
 * Maps a decoded {@code LogRecord.__dict__} onto a {@link LogEntry}. Keys are matched in lower case, as the
 * original bridge did; keys PS has no field for go into {@link LogField#EXTRA} as a JSON object. A value of
 * the wrong type for a number field goes there too rather than being lost. {@code created} stays 0 when the
 * record has none: the caller sets the receive time. A record without a {@code stage} (the original's
 * clients send none) gets the bridge's own stage, as the original's bridge stamped it.
 */
public final class PickleRecordMapper {
    public static final String INPUT = "pickle";

    private PickleRecordMapper() {
    }

    public static LogEntry map(Map<?, ?> record) {
        return map(record, null);
    }

    /**
     * What the records of one connection share: what each key they repeat means (with the decoder's
     * {@link TextCache} the same key strings come again, so one look-up replaces lower-casing the key and
     * matching it against the field names per key and record) and the bridge's stage. Bounded to
     * {@link #MAX_KEYS} keys; one per connection.
     */
    static final class Context {
        static final int MAX_KEYS = 64;
        private final Map<String, Key> keys = new java.util.HashMap<>();
        /**
         * The key string last seen at each position of a record's dict and its meaning: records of one
         * sender list the same keys in the same order, as the same strings (the {@link TextCache}), so
         * one comparison by identity mostly replaces the look-up.
         */
        private final Object[] lastKeys = new Object[MAX_KEYS];
        private final Key[] lastMeanings = new Key[MAX_KEYS];
        private final String stage = bridgeStage();

        Key key(int position, Object key) {
            if (position >= MAX_KEYS) {
                return key(key);
            }
            if (key != null && lastKeys[position] == key) {
                return lastMeanings[position];
            }
            Key meaning = key(key);
            lastKeys[position] = key;
            lastMeanings[position] = meaning;
            return meaning;
        }

        Key key(Object key) {
            if (!(key instanceof String) || ((String) key).length() > TextCache.MAX_LENGTH) {
                return Key.of(PyRepr.str(key).toLowerCase(Locale.ROOT));
            }
            Key meaning = keys.get(key);
            if (meaning == null) {
                meaning = Key.of(((String) key).toLowerCase(Locale.ROOT));
                if (keys.size() < MAX_KEYS) {
                    keys.put((String) key, meaning);
                }
            }
            return meaning;
        }
    }

    /** What a record's key (in lower case) means: which field it sets, and how its value is read. */
    enum Kind { MESSAGE, LEVELNAME, LEVELNO, LINENO, CREATED, MSECS, RELATIVE_CREATED, NONE_ONLY, TEXT, EXTRA }

    record Key(String lower, Kind kind, LogField field) {
        static Key of(String lower) {
            switch (lower) {
                case "msg": return new Key(lower, Kind.MESSAGE, null);
                case "levelname": return new Key(lower, Kind.LEVELNAME, null);
                case "levelno": return new Key(lower, Kind.LEVELNO, null);
                case "lineno": return new Key(lower, Kind.LINENO, null);
                case "created": return new Key(lower, Kind.CREATED, null);
                case "msecs": return new Key(lower, Kind.MSECS, null);
                case "relativecreated": return new Key(lower, Kind.RELATIVE_CREATED, null);
                // SocketHandler always sends args and exc_info as None, having formatted msg and exc_text
                // already; Python 3.12+ adds taskName, None outside asyncio
                case "args":
                case "exc_info":
                case "taskname":
                    return new Key(lower, Kind.NONE_ONLY, null);
                default: {
                    LogField field = textField(lower);
                    return new Key(lower, field == null ? Kind.EXTRA : Kind.TEXT, field);
                }
            }
        }
    }

    static LogEntry map(Map<?, ?> record, Context context) {
        Mapping mapping = new Mapping(context);
        // the decoder's dicts are read by position: no entry objects
        if (record instanceof PyDict && ((PyDict) record).flat()) {
            PyDict dict = (PyDict) record;
            for (int i = 0, n = dict.size(); i < n; i++) {
                mapping.item(i, dict.key(i), dict.value(i));
            }
        } else {
            int i = 0;
            for (Map.Entry<?, ?> item : record.entrySet()) {
                mapping.item(i++, item.getKey(), item.getValue());
            }
        }
        return mapping.finish();
    }

    /** One record being mapped, key by key. */
    private static final class Mapping {
        private final Context context;
        private final LogEntry entry = new LogEntry().set(LogField.INPUT, INPUT);
        private Map<String, Object> extra;
        private String levelname;
        private boolean levelno;

        Mapping(Context context) {
            this.context = context;
        }

        void item(int position, Object rawKey, Object value) {
            Key key = context == null ? Key.of(PyRepr.str(rawKey).toLowerCase(Locale.ROOT)) : context.key(position, rawKey);
            boolean mapped;
            switch (key.kind()) {
                case MESSAGE:
                    entry.set(LogField.MESSAGE, PyRepr.str(value));
                    mapped = true;
                    break;
                case LEVELNAME:
                    levelname = text(value);
                    entry.set(LogField.LEVELNAME, levelname);
                    mapped = true;
                    break;
                case LEVELNO: {
                    Long number = integer(value);
                    mapped = value == null || number != null && number == number.intValue();
                    if (number != null && mapped) {
                        entry.levelno(number.intValue());
                        levelno = true;
                    }
                    break;
                }
                case LINENO: {
                    Long number = integer(value);
                    mapped = value == null || number != null && number == number.intValue();
                    entry.lineno(number == null || !mapped ? null : number.intValue());
                    break;
                }
                case CREATED: {
                    Double seconds = number(value);
                    mapped = value == null || seconds != null && Double.isFinite(seconds);
                    if (seconds != null && mapped) {
                        entry.created(Math.round(seconds * 1000));
                    }
                    break;
                }
                case MSECS: {
                    Double number = number(value);
                    mapped = value == null || number != null;
                    entry.msecs(number);
                    break;
                }
                case RELATIVE_CREATED: {
                    Double number = number(value);
                    mapped = value == null || number != null;
                    entry.relativeCreated(number);
                    break;
                }
                case NONE_ONLY:
                    mapped = value == null;
                    break;
                case TEXT:
                    entry.set(key.field(), text(value));
                    mapped = true;
                    break;
                default:
                    mapped = false;
                    break;
            }
            if (!mapped) {
                if (extra == null) {
                    extra = new LinkedHashMap<>();
                }
                extra.put(key.lower(), value);
            }
        }

        LogEntry finish() {
            if (!levelno && levelname != null) {
                try {
                    entry.levelno(Level.parse(levelname).number());
                } catch (IllegalArgumentException e) {
                    // a custom level name without a number: the level stays 0
                }
            }
            if (extra != null) {
                entry.set(LogField.EXTRA, Json.write(extra));
            }
            if (entry.get(LogField.STAGE) == null) {
                entry.set(LogField.STAGE, context == null ? bridgeStage() : context.stage);
            }
            return entry;
        }
    }

    /** The stage the bridge runs in (ps.stage, PS_STAGE or DEV_STAGE); null when it names no stage. */
    private static String bridgeStage() {
        try {
            return Stage.fromEnvironment().name();
        } catch (IllegalArgumentException e) {
            return null; // the server refuses to start with it; a record is no place to complain
        }
    }

    private static LogField textField(String key) {
        switch (key) {
            case "name": return LogField.NAME;
            case "module": return LogField.MODULE;
            case "funcname": return LogField.FUNCNAME;
            case "pathname": return LogField.PATHNAME;
            case "filename": return LogField.FILENAME;
            case "exc_text": return LogField.EXC_TEXT;
            case "stack_info": return LogField.STACK_INFO;
            case "thread": return LogField.THREAD;
            case "threadname": return LogField.THREADNAME;
            case "process": return LogField.PROCESS;
            case "processname": return LogField.PROCESSNAME;
            case "package_version": return LogField.PACKAGE_VERSION;
            case "system_id": return LogField.SYSTEM_ID;
            case "sub_system_id": return LogField.SUB_SYSTEM_ID;
            case "sub_sub_system_id": return LogField.SUB_SUB_SYSTEM_ID;
            case "produkt_id": return LogField.PRODUKT_ID;
            case "user_spec_1": return LogField.USER_SPEC_1;
            case "user_spec_2": return LogField.USER_SPEC_2;
            case "stage": return LogField.STAGE;
            default: return null;
        }
    }

    /** None leaves a text field unset; other non-str values read as Python's str() of them. */
    private static String text(Object value) {
        return value == null ? null : PyRepr.str(value);
    }

    private static Long integer(Object value) {
        if (value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof Double) {
            double number = (Double) value;
            return number == Math.rint(number) && Math.abs(number) < 0x1p62 ? (long) number : null;
        }
        if (value instanceof String) {
            try {
                return Long.parseLong(((String) value).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Double number(Object value) {
        if (value instanceof Double) {
            return (Double) value;
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return ((Number) value).doubleValue();
        }
        return null;
    }
}
