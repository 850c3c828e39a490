package ps.bridge.codec;

import java.io.InputStream;
import java.util.Locale;

import ps.client.Stage;

/** The bridge's inputs: their names, default ports per stage, and decoders. */
public enum Input {
    NATIVE {
        @Override
        public int defaultPort(Stage stage) {
            return stage.nativePort();
        }

        @Override
        public RecordReader reader(InputStream in, int maxRecordBytes) {
            return new NativeStreamReader(in, maxRecordBytes);
        }

        @Override
        public RecordReader reader(InputStream in, int maxRecordBytes, HelloCheck helloCheck) {
            return new NativeStreamReader(in, maxRecordBytes, helloCheck);
        }
    },
    PICKLE {
        @Override
        public int defaultPort(Stage stage) {
            return stage.picklePort();
        }

        @Override
        public RecordReader reader(InputStream in, int maxRecordBytes) {
            return new PickleStreamReader(in, maxRecordBytes);
        }
    },
    GELF {
        @Override
        public int defaultPort(Stage stage) {
            return stage.picklePort() + 200;
        }

        @Override
        public RecordReader reader(InputStream in, int maxRecordBytes) {
            return new GelfStreamReader(in, maxRecordBytes);
        }
    },
    SYSLOG {
        @Override
        public int defaultPort(Stage stage) {
            return stage.picklePort() + 300;
        }

        @Override
        public RecordReader reader(InputStream in, int maxRecordBytes) {
            return new SyslogStreamReader(in, maxRecordBytes);
        }
    };

    /** The input's name in settings, counters and the {@code input} column. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public abstract int defaultPort(Stage stage);

    public abstract RecordReader reader(InputStream in, int maxRecordBytes);

    /** A reader whose clients must pass the check first; only the native input has clients to check. */
    public RecordReader reader(InputStream in, int maxRecordBytes, HelloCheck helloCheck) {
        return reader(in, maxRecordBytes);
    }

    /** True for inputs that can be served over TLS (all but pickle, whose Python clients speak plain TCP). */
    public boolean offersTls() {
        return this != PICKLE;
    }

    /** True for inputs whose clients wait for an acknowledgement of stored records. */
    public boolean acknowledges() {
        return this == NATIVE;
    }
}
